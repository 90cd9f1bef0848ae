import { createHash } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { longTimeout, type LongTimer } from '../../timers.ts';
import { AwsServiceError } from '../errors.ts';
import { prepareDefinition, START_TIME_CONTEXT_FIELD, taskResources, TASK_TOKEN_PLACEHOLDER, type StateInfo, type TaskEnvelope } from './definition.ts';
import { HistoryRecorder, toHistory, type LibraryEvent } from './history.ts';
import { resolveResource, TaskFailure, type TaskIntegrations } from './integrations.ts';
import type { ExecutionJournal, ExecutionRecord, ExecutionStatus, JournalEntry } from './journal.ts';
import { MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES } from './limits.ts';
import { TaskTokens, type TaskAddress } from './tokens.ts';
import { validateOnce } from './validation-cache.ts';

/**
 * Runs the twin's executions on aws-local-stepfunctions, each from its journaled record. Every task's outcome
 * is journaled; when the local cloud starts, each execution still RUNNING is replayed from its input: tasks
 * found in the journal answer from it instead of running again, a task that was waiting for a callback waits
 * again under the same (deterministic) token without re-invoking its Lambda, and clocks (task timeouts,
 * heartbeats, Wait states, the execution timeout) keep counting from the journaled start times.
 */

export interface StateMachineRegistration {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
}

export interface RegisteredMachine {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly definition: Record<string, any>;
  readonly prepared: ReturnType<typeof prepareDefinition>;
  readonly creationDate: number;
}

/** A task waiting for SendTask*, found from its token. */
export interface WaitingTask {
  readonly record: ExecutionRecord;
  readonly key: string;
  readonly entry: JournalEntry;
  readonly token: string;
}

interface Waiter {
  resolve(output: unknown): void;
  reject(error: Error): void;
  timers: LongTimer[];
}

interface LiveRun {
  abort(): void;
  /** Set when the local cloud shuts down: the run stops but the execution stays RUNNING on disk. */
  suspended: boolean;
  /** Per (state, input) call counter, so repeated calls in a loop get distinct journal keys. */
  counters: Map<string, number>;
  /** Each Task's raw result (before ResultSelector / ResultPath), for the TaskSucceeded history event. */
  rawResults: Map<string, unknown>;
}

/** Task states whose HeartbeatSeconds is not below their TimeoutSeconds, at any depth (Map, Parallel). */
function heartbeatsNotBelowTimeout(states: Record<string, any>): string[] {
  return Object.entries(states ?? {}).flatMap(([name, state]) => [
    ...(state.Type === 'Task' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= (state.TimeoutSeconds ?? 99_999_999) ? [name] : []),
    ...heartbeatsNotBelowTimeout((state.ItemProcessor ?? state.Iterator)?.States),
    ...(state.Branches ?? []).flatMap((branch: { States: Record<string, unknown> }) => heartbeatsNotBelowTimeout(branch.States)),
  ]);
}

function replacePlaceholder(value: unknown, token: string): unknown {
  if (value === TASK_TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => replacePlaceholder(v, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholder(v, token)]));
  }
  return value;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value ?? null)).digest('base64url').slice(0, 16);

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class ExecutionEngine {
  private readonly machines = new Map<string, RegisteredMachine>();
  private readonly runs = new Map<string, LiveRun>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly closeListeners = new Map<string, (() => void)[]>();
  private readonly tokens: TaskTokens;
  private readonly journal: ExecutionJournal;
  private readonly integrations: TaskIntegrations;

  constructor(options: { journal: ExecutionJournal; integrations: TaskIntegrations }) {
    this.journal = options.journal;
    this.integrations = options.integrations;
    this.tokens = new TaskTokens(options.journal.taskTokenKey);
  }

  /** Registers a state machine under `arn`; every Task resource must be one the local cloud can run. */
  register(arn: string, registration: StateMachineRegistration): void {
    const definition = JSON.parse(registration.definition) as Record<string, any>;
    const badHeartbeats = heartbeatsNotBelowTimeout(definition.States);
    // CreateStateMachine refuses it: a heartbeat must come before the task times out.
    if (badHeartbeats.length) throw new AwsServiceError('InvalidDefinition', `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at /States/${badHeartbeats[0]}'`);
    const prepared = prepareDefinition(definition as any);
    const unsupported = taskResources(prepared.states).filter((r) => !resolveResource(r));
    if (unsupported.length > 0) {
      throw new AwsServiceError('InvalidDefinition', `Resources not supported locally: ${unsupported.join(', ')}`);
    }
    // Constructing validates the rewritten definition up front, instead of at each execution.
    validateOnce(prepared.definition, () => new StateMachine(prepared.definition as any, { validationOptions: { checkArn: false } }));
    this.machines.set(arn, { arn, name: registration.name, roleArn: registration.roleArn, definition, prepared, creationDate: Date.now() });
  }

  machine(arn: string): RegisteredMachine | undefined {
    return this.machines.get(arn);
  }

  allMachines(): IterableIterator<RegisteredMachine> {
    return this.machines.values();
  }

  /** The task a token names, if the token is one this engine signed. */
  openToken(token: string): TaskAddress | undefined {
    return this.tokens.open(token);
  }

  /** Replays every execution left RUNNING by an earlier process. */
  resumeRunning(): void {
    for (const record of this.journal.all()) {
      if (record.status !== 'RUNNING') continue;
      if (!this.machines.has(record.stateMachineArn)) continue;
      this.start(record);
    }
  }

  /** Stops every run without closing its execution, so the next start resumes it. */
  suspendAll(): void {
    this.journal.flush();
    for (const run of this.runs.values()) {
      run.suspended = true;
      run.abort();
    }
    for (const waiter of this.waiters.values()) waiter.timers.forEach((t) => t.cancel());
    this.waiters.clear();
  }

  /** Resolves once the execution has closed (at once if it has). */
  whenClosed(executionArn: string): Promise<void> {
    if (this.journal.get(executionArn)?.status !== 'RUNNING') return Promise.resolve();
    return new Promise<void>((resolve) => this.closeListeners.set(executionArn, [...(this.closeListeners.get(executionArn) ?? []), resolve]));
  }

  /** StopExecution: the execution is ABORTED with the caller's error and cause, its run and waits ended. */
  stop(record: ExecutionRecord, details: { error?: string; cause?: string }): void {
    this.close(record, 'ABORTED', details);
    this.runs.get(record.executionArn)?.abort();
    this.releaseWaiters(record, new TaskFailure('States.Runtime', 'execution aborted'));
  }

  /** SendTaskHeartbeat: the heartbeat clock restarts now. */
  heartbeat(task: WaitingTask): void {
    task.entry.heartbeatAt = Date.now();
    this.journal.save(task.record);
    const waiter = this.waiters.get(task.token);
    if (waiter) this.armTimers(task.record, task.key, task.entry, waiter);
  }

  /** Journals a task's outcome first, then wakes the run: a crash in between loses nothing. */
  settle(task: WaitingTask, outcome: Pick<JournalEntry, 'status' | 'output' | 'error' | 'cause'>): void {
    Object.assign(task.entry, outcome);
    this.journal.save(task.record, true);
    const waiter = this.waiters.get(task.token);
    if (!waiter) return;
    this.waiters.delete(task.token);
    waiter.timers.forEach((t) => t.cancel());
    if (outcome.status === 'succeeded') waiter.resolve(outcome.output);
    else waiter.reject(new TaskFailure(outcome.error ?? '', outcome.cause ?? ''));
  }

  /** Runs (or replays) an execution whose record is in the journal. */
  start(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachineArn)!;
    // The execution's own timeout is kept here (the library's setTimeout cannot wait past 24.8 days).
    const { TimeoutSeconds, ...definition } = machine.prepared.definition;
    const remainingMs = TimeoutSeconds === undefined ? undefined : TimeoutSeconds * 1000 - (Date.now() - record.startDate);
    if (remainingMs !== undefined && remainingMs <= 0) {
      this.close(record, 'TIMED_OUT', {});
      return;
    }
    const run: LiveRun = { abort: () => undefined, suspended: false, counters: new Map(), rawResults: new Map() };
    const handlers = Object.fromEntries(
      [...machine.prepared.states.entries()]
        .filter(([, info]) => info.type === 'Task' || info.type === 'Wait')
        .map(([name, info]) => [name, (input: unknown) => this.runTask(record, run, name, info, input as TaskEnvelope)]),
    );
    const stateMachine = new StateMachine(definition as any, { validationOptions: { noValidate: true } });
    const execution = stateMachine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: handlers as any },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, [START_TIME_CONTEXT_FIELD]: new Date(record.startDate).toISOString(), Input: JSON.parse(record.input), RoleArn: machine.roleArn },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TASK_TOKEN_PLACEHOLDER },
      },
    });
    run.abort = execution.abort;
    if (remainingMs !== undefined) {
      const timeout = longTimeout(() => {
        if (record.status !== 'RUNNING' || run.suspended) return;
        this.close(record, 'TIMED_OUT', {});
        run.abort();
        this.releaseWaiters(record, new TaskFailure('States.Timeout', 'execution timed out'));
      }, remainingMs);
      const abort = run.abort;
      run.abort = () => {
        timeout.cancel();
        abort();
      };
    }
    this.runs.set(record.executionArn, run);
    const history = this.recordHistory(record, run, machine, execution.eventLogs as AsyncGenerator<LibraryEvent>);
    execution.result.then(
      // The history is read after the run; a quota it reached fails the execution before it can succeed.
      async (output) => {
        await history;
        this.close(record, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        if (run.suspended || record.status !== 'RUNNING') return;
        if (error instanceof ExecutionTimeoutError) return this.close(record, 'TIMED_OUT', {});
        if (error instanceof ExecutionAbortedError) return this.close(record, 'ABORTED', {});
        const failure = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
        this.close(record, 'FAILED', { error: failure.name, cause: failure.message });
      },
    ).finally(() => {
      this.runs.delete(record.executionArn);
      this.releaseWaiters(record, new TaskFailure('States.Runtime', 'execution closed'));
    });
  }

  private async recordHistory(record: ExecutionRecord, run: LiveRun, machine: RegisteredMachine, events: AsyncGenerator<LibraryEvent>) {
    const recorded = new Set(record.history.map((e) => e.replayKey as string));
    const recorder = new HistoryRecorder(record.history, recorded);
    for await (const event of events) {
      if (run.suspended) return;
      const drafts = toHistory(event, machine.prepared.states, machine.roleArn, run.rawResults);
      if (recorder.record(drafts, event.timestamp, event.state?.name)) this.journal.save(record);
      const tooLarge = event.type === 'StateExited' && Buffer.byteLength(JSON.stringify(event.state?.output ?? null)) > MAX_PAYLOAD_BYTES;
      if (tooLarge || record.history.length >= MAX_HISTORY_EVENTS) {
        this.failRun(record, run, tooLarge
          ? { error: 'States.DataLimitExceeded', cause: `The state/task '${event.state?.name}' returned a result with a size exceeding the maximum number of bytes service limit.` }
          : { error: 'States.Runtime', cause: `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).` });
        return;
      }
    }
  }

  /** Ends a run the service itself must fail (a quota reached), as AWS does: the execution FAILED. */
  private failRun(record: ExecutionRecord, run: LiveRun, failure: { error: string; cause: string }) {
    const id = record.history.length + 1;
    record.history.push({ id, previousEventId: id - 1, timestamp: Date.now() / 1000, type: 'ExecutionFailed', executionFailedEventDetails: failure, replayKey: 'ExecutionFailed||quota' });
    this.close(record, 'FAILED', failure);
    run.abort();
    this.releaseWaiters(record, new TaskFailure(failure.error, failure.cause));
  }

  private async runTask(record: ExecutionRecord, run: LiveRun, state: string, info: StateInfo, envelope: TaskEnvelope): Promise<unknown> {
    if (Buffer.byteLength(JSON.stringify(envelope.payload ?? null)) > MAX_PAYLOAD_BYTES) {
      throw new TaskFailure('States.DataLimitExceeded', `The state/task '${state}' has input with a size exceeding the maximum number of bytes service limit.`);
    }
    const result = await this.taskResult(record, run, state, info, envelope);
    if (Buffer.byteLength(JSON.stringify(result ?? null)) > MAX_PAYLOAD_BYTES) {
      throw new TaskFailure('States.DataLimitExceeded', `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    }
    run.rawResults.set(state, result);
    return result;
  }

  private async taskResult(record: ExecutionRecord, run: LiveRun, state: string, info: StateInfo, envelope: TaskEnvelope): Promise<unknown> {
    const base = `${state}#${hashOf(envelope)}`;
    const ordinal = (run.counters.get(base) ?? 0) + 1;
    run.counters.set(base, ordinal);
    const key = `${base}#${ordinal}`;
    const journaled = record.journal[key];
    if (journaled?.status === 'succeeded') return journaled.output;
    if (journaled?.status === 'failed') throw new TaskFailure(journaled.error ?? '', journaled.cause ?? '');

    const resolved = info.type === 'Wait' ? resolveResource('steward:wait')! : resolveResource(info.resource!)!;
    const entry: JournalEntry = journaled ?? {
      state,
      status: 'running',
      startedAt: Date.now(),
      waitsForToken: resolved.waitForTaskToken,
      dispatched: false,
      timeoutSeconds: envelope.timeoutSeconds,
      heartbeatSeconds: envelope.heartbeatSeconds,
    };
    record.journal[key] = entry;
    this.journal.save(record);

    if (resolved.target.kind === 'wait') {
      const until = envelope.waitUntil !== undefined ? Date.parse(envelope.waitUntil) : entry.startedAt + (envelope.waitSeconds ?? 0) * 1000;
      await this.sleep(until - Date.now(), run);
      return this.finish(record, entry, envelope.payload);
    }
    if (!resolved.waitForTaskToken) {
      try {
        const output = await this.withDeadline(this.integrations.call(resolved.target, envelope.payload, record.stateMachineArn), entry);
        return this.finish(record, entry, output);
      } catch (error) {
        if (run.suspended) throw error;
        const failure = error as Error;
        Object.assign(entry, { status: 'failed', error: failure.name, cause: failure.message });
        this.journal.save(record);
        throw error;
      }
    }

    const token = this.tokens.issue({ executionArn: record.executionArn, taskKey: key });
    const answer = new Promise<unknown>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timers: [] };
      this.waiters.set(token, waiter);
      this.armTimers(record, key, entry, waiter);
    });
    // A stopped or suspended run no longer listens; its waiter's rejection must not count as unhandled.
    answer.catch(() => undefined);
    if (!entry.dispatched) {
      try {
        await this.integrations.call(resolved.target, replacePlaceholder(envelope.payload, token), record.stateMachineArn);
        if (entry.status === 'running') {
          entry.dispatched = true;
          this.journal.save(record);
        }
      } catch (error) {
        const failure = error as Error;
        if (entry.status === 'running') this.settle({ record, key, entry, token }, { status: 'failed', error: failure.name, cause: failure.message });
      }
    }
    return answer;
  }

  private finish(record: ExecutionRecord, entry: JournalEntry, output: unknown): unknown {
    Object.assign(entry, { status: 'succeeded', output });
    this.journal.save(record);
    return output;
  }

  /** (Re)arms the timeout and heartbeat clocks of a waiting task from its journaled times. */
  private armTimers(record: ExecutionRecord, key: string, entry: JournalEntry, waiter: Waiter) {
    waiter.timers.forEach((t) => t.cancel());
    waiter.timers = [];
    const token = this.tokens.issue({ executionArn: record.executionArn, taskKey: key });
    const expire = (error: string) => () => {
      if (entry.status !== 'running') return;
      this.settle({ record, key, entry, token }, { status: 'failed', error, cause: '' });
    };
    if (entry.timeoutSeconds !== undefined) {
      waiter.timers.push(longTimeout(expire('States.Timeout'), Math.max(0, entry.startedAt + entry.timeoutSeconds * 1000 - Date.now())));
    }
    if (entry.heartbeatSeconds !== undefined) {
      const since = entry.heartbeatAt ?? entry.startedAt;
      waiter.timers.push(longTimeout(expire('States.HeartbeatTimeout'), Math.max(0, since + entry.heartbeatSeconds * 1000 - Date.now())));
    }
  }

  private async withDeadline<T>(work: Promise<T>, entry: JournalEntry): Promise<T> {
    if (entry.timeoutSeconds === undefined) return work;
    let timer: LongTimer | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = longTimeout(() => reject(new TaskFailure('States.Timeout', '')), entry.startedAt + entry.timeoutSeconds! * 1000 - Date.now());
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      timer?.cancel();
    }
  }

  private sleep(ms: number, run: LiveRun): Promise<void> {
    return new Promise((resolve) => {
      const timer = longTimeout(resolve, ms);
      const abort = run.abort;
      run.abort = () => {
        timer.cancel();
        abort();
      };
    });
  }

  private releaseWaiters(record: ExecutionRecord, error: Error) {
    for (const [token, waiter] of this.waiters) {
      if (this.tokens.open(token)?.executionArn !== record.executionArn) continue;
      waiter.timers.forEach((t) => t.cancel());
      this.waiters.delete(token);
      waiter.reject(error);
    }
  }

  private close(record: ExecutionRecord, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: string; error?: string; cause?: string }) {
    if (record.status !== 'RUNNING') return;
    Object.assign(record, { status, stopDate: Date.now() }, stripUndefined(result));
    for (const listener of this.closeListeners.get(record.executionArn) ?? []) listener();
    this.closeListeners.delete(record.executionArn);
    if (status === 'ABORTED' || status === 'TIMED_OUT') {
      const id = record.history.length + 1;
      const type = status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut';
      if (!record.history.some((e) => e.type === type)) {
        record.history.push({ id, previousEventId: id - 1, timestamp: Date.now() / 1000, type, replayKey: `${type}||1` });
      }
    }
    this.journal.save(record, true);
  }
}
