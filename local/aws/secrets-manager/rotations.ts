/**
 * The background side of RotateSecret. AWS answers the call at once ("Configures and starts the asynchronous
 * process of rotating the secret") and calls the rotation function afterwards; "If any rotation step fails,
 * Secrets Manager retries the entire rotation process multiple times" (User Guide, "Rotation by Lambda
 * function"). AWS does not document how long it waits or how often it tries, so both are options here.
 */

/** How the twin reattempts a rotation whose function failed. */
export interface RotationRetryOptions {
  /** Wait before the first reattempt; each later one waits twice as long as the one before it. */
  firstDelayMs: number;
  /** Attempts in all, the first one included. */
  maxAttempts: number;
}

/** Four attempts over about 35 s (5, 10, 20 s apart): long enough to outlast a passing fault, short for a test. */
export const DEFAULT_ROTATION_RETRY: RotationRetryOptions = { firstDelayMs: 5_000, maxAttempts: 4 };

/** How a rotation (or the configuration test of RotateImmediately=false) ended. */
export interface RotationOutcome {
  /** `rotated`: AWSCURRENT is on the new version. `tested`: the testSecret check ran and its version is gone.
   * `failed`: every attempt failed (AWSPENDING stays on the new version). `abandoned`: the version left the
   * rotation before an attempt (its labels were moved off, or the secret was deleted). `suspended`: the twin
   * was closed first. */
  status: 'rotated' | 'tested' | 'failed' | 'abandoned' | 'suspended';
  versionId: string;
  attempts: number;
  /** The last attempt's error, when it failed. */
  error?: string;
}

/** One piece of background work on one secret. */
export interface RotationJob {
  versionId: string;
  /** Attempts in all for this job; 1 means no reattempt. */
  maxAttempts: number;
  /** Checked before each attempt; false ends the job as `abandoned`. */
  applies(): boolean;
  /** One attempt; rejects when it failed. */
  attempt(): Promise<void>;
  /** Records the outcome in the secret's state; called once, before `settled` resolves. */
  finish(outcome: RotationOutcome): RotationOutcome['status'];
}

interface Run {
  job: RotationJob;
  attempts: number;
  /** A job started while this one was active: it starts when this one ends. */
  next?: { job: RotationJob; delayMs: number };
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  done: Promise<RotationOutcome>;
  resolve: (outcome: RotationOutcome) => void;
}

/**
 * At most one job per secret at a time, each attempt started from an unref'd timer (a pending reattempt never
 * keeps the process alive) and cancelled by `close()`.
 */
export class BackgroundRotations {
  private readonly runs = new Map<string, Run>();
  private readonly outcomes = new Map<string, RotationOutcome>();
  private closed = false;

  constructor(private readonly retry: RotationRetryOptions) {}

  /** Whether the secret has an attempt running or waiting. */
  isActive(secretArn: string): boolean {
    return this.runs.has(secretArn);
  }

  /**
   * Starts a job after `delayMs` (0: once the current call has answered). While the secret has one active, the
   * new one waits for it to end (the last one started wins the wait); after close, nothing starts.
   */
  start(secretArn: string, job: RotationJob, delayMs = 0): void {
    if (this.closed) return;
    const active = this.runs.get(secretArn);
    if (active) {
      active.next = { job, delayMs };
      return;
    }
    let resolve!: (outcome: RotationOutcome) => void;
    const done = new Promise<RotationOutcome>((r) => (resolve = r));
    const run: Run = { job, attempts: 0, done, resolve };
    this.runs.set(secretArn, run);
    this.schedule(secretArn, run, delayMs);
  }

  /** The outcome of the secret's job in flight, or of its last one; undefined when it never had one. */
  settled(secretArn: string): Promise<RotationOutcome | undefined> {
    return this.runs.get(secretArn)?.done ?? Promise.resolve(this.outcomes.get(secretArn));
  }

  /** Cancels every waiting attempt and waits for those running to end; no attempt starts afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const [secretArn, run] of this.runs) {
      clearTimeout(run.timer);
      if (run.running) running.push(run.running);
      else this.end(secretArn, run, { status: 'suspended', versionId: run.job.versionId, attempts: run.attempts });
    }
    await Promise.allSettled(running);
  }

  private schedule(secretArn: string, run: Run, delayMs: number): void {
    run.timer = setTimeout(() => this.fire(secretArn, run), delayMs);
    run.timer.unref();
  }

  private fire(secretArn: string, run: Run): void {
    run.timer = undefined;
    const { job } = run;
    if (!job.applies()) return this.end(secretArn, run, { status: 'abandoned', versionId: job.versionId, attempts: run.attempts });
    run.attempts += 1;
    run.running = Promise.resolve()
      .then(() => job.attempt())
      .then(
        () => this.end(secretArn, run, { status: 'rotated', versionId: job.versionId, attempts: run.attempts }),
        (error: unknown) => {
          run.running = undefined;
          const failure = { versionId: job.versionId, attempts: run.attempts, error: error instanceof Error ? error.message : String(error) };
          if (this.closed) return this.end(secretArn, run, { status: 'suspended', ...failure });
          if (run.attempts >= job.maxAttempts) return this.end(secretArn, run, { status: 'failed', ...failure });
          this.schedule(secretArn, run, this.retry.firstDelayMs * 2 ** (run.attempts - 1));
        },
      );
  }

  private end(secretArn: string, run: Run, outcome: RotationOutcome): void {
    if (this.runs.get(secretArn) !== run) return;
    this.runs.delete(secretArn);
    let status = outcome.status;
    try {
      status = run.job.finish(outcome);
    } catch (error) {
      // Recording the outcome failed (the state file could not be written): the outcome stands, unrecorded.
      process.stderr.write(`secrets manager: recording a rotation's outcome failed: ${(error as Error).message}\n`);
    }
    const settled = { ...outcome, status };
    this.outcomes.set(secretArn, settled);
    run.resolve(settled);
    if (run.next) this.start(secretArn, run.next.job, run.next.delayMs);
  }
}
