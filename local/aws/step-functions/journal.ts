import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateKey, readJson, writeFileAtomic } from '../../files.ts';
import type { HistoryEvent } from './history.ts';

/**
 * What the Step Functions twin keeps in the data folder so that a restarted local cloud resumes its
 * executions (docs/decisions.md, section 6): a file per execution, rewritten atomically, holding its status,
 * input, history and one entry per task call; and the key task tokens are signed with.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One task call, keyed `state # hash(effective input) # ordinal`, so a replay finds it again. */
export interface JournalEntry {
  state: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  waitsForToken: boolean;
  /** The waitForTaskToken call went out; after a restart it must not go out again. */
  dispatched: boolean;
  heartbeatAt?: number;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  journal: Record<string, JournalEntry>;
  history: HistoryEvent[];
}

export class ExecutionJournal {
  /** Task tokens are signed with this key; kept so that a token handed out before a restart is valid after it. */
  readonly taskTokenKey: Buffer;
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly dirty = new Set<ExecutionRecord>();
  private flushTimer?: NodeJS.Timeout;
  private readonly executionsDir: string;

  /** Reads every execution an earlier process left in `<dataDir>/stepfunctions`. */
  constructor(dataDir: string) {
    const root = join(dataDir, 'stepfunctions');
    this.executionsDir = join(root, 'executions');
    mkdirSync(this.executionsDir, { recursive: true });
    this.taskTokenKey = loadOrCreateKey(join(root, 'task-token.key'));
    for (const file of readdirSync(this.executionsDir).filter((f) => f.endsWith('.json'))) {
      const record = readJson<ExecutionRecord | undefined>(join(this.executionsDir, file), undefined);
      if (record) this.records.set(record.executionArn, record);
    }
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.records.get(executionArn);
  }

  all(): IterableIterator<ExecutionRecord> {
    return this.records.values();
  }

  /** A new execution is on disk before it runs. */
  add(record: ExecutionRecord): void {
    this.records.set(record.executionArn, record);
    this.save(record, true);
  }

  /**
   * Records are written at most every 25 ms (a closing execution at once): a long execution (a handover of
   * hundreds of accounts) changes its record thousands of times, and rewriting it on every change made the
   * emulator quadratic. A crash loses at most those 25 ms, which a restart replays like any in-flight task.
   */
  save(record: ExecutionRecord, now = false): void {
    this.dirty.add(record);
    if (now) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), 25);
  }

  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const record of this.dirty) {
      const file = createHash('sha256').update(record.executionArn).digest('hex').slice(0, 32);
      writeFileAtomic(join(this.executionsDir, `${file}.json`), JSON.stringify(record));
    }
    this.dirty.clear();
  }
}
