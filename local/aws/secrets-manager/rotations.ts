import { attachStage, CURRENT, nowSeconds, PENDING, type SecretStore, type StoredSecret } from './store.ts';

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
interface RotationJob {
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
class BackgroundRotations {
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

/** Runs one step of a rotation function (the local cloud invokes the Lambda in-process); rejects when the step failed. */
export type RotationInvoker = (lambdaArn: string, event: { Step: string; SecretId: string; ClientRequestToken: string }) => Promise<void>;

const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

/** The rotations of the secrets in a store: their jobs, run in the background with the secret's rotation function. */
export class SecretRotations {
  private readonly background: BackgroundRotations;
  private closing = false;

  constructor(
    private readonly store: SecretStore,
    private readonly retry: RotationRetryOptions,
    /** Without one (tests of the API alone), nothing rotates. */
    private readonly invoker?: RotationInvoker,
  ) {
    this.background = new BackgroundRotations(retry);
  }

  /** Whether rotation functions can run here at all. */
  get canRun(): boolean {
    return this.invoker !== undefined;
  }

  /** Whether the secret has an attempt running or waiting. */
  isActive(secretArn: string): boolean {
    return this.background.isActive(secretArn);
  }

  /** Starts rotating the secret to `versionId` once the current call has answered. */
  rotate(secretArn: string, versionId: string): void {
    this.background.start(secretArn, this.rotationJob(secretArn, versionId));
  }

  /** The reattempt a refused RotateSecret promises, after the first reattempt's delay. */
  reattempt(secretArn: string, versionId: string): void {
    this.background.start(secretArn, this.rotationJob(secretArn, versionId), this.retry.firstDelayMs);
  }

  /** RotateImmediately=false: opens a version of its own labelled AWSPENDING and runs testSecret on it. */
  testConfiguration(secret: StoredSecret, versionId: string): void {
    secret.versions[versionId] = { createdDate: nowSeconds(), stages: [], kind: 'string', sealed: '', test: true };
    attachStage(secret, PENDING, versionId);
    this.background.start(secret.arn, this.testJob(secret.arn, versionId));
  }

  /** A test version left by a local cloud stopped mid-test is not a rotation to reattempt. */
  dropLeftoverTestVersion(secret: StoredSecret): void {
    for (const [id, version] of Object.entries(secret.versions)) {
      if (version.test && !this.background.isActive(secret.arn)) this.removeTestVersion(secret, id);
    }
  }

  settled(secretArn: string): Promise<RotationOutcome | undefined> {
    return this.background.settled(secretArn);
  }

  /** Cancels waiting rotation attempts and waits for running ones; call it when the local cloud stops. */
  close(): Promise<void> {
    this.closing = true;
    return this.background.close();
  }

  /**
   * The four steps with the secret's rotation function, then the check that finishSecret moved AWSCURRENT to
   * the new version: that is when the rotation is complete and LastRotatedDate is set. AWSPENDING stays where
   * the function left it ("When rotation is successful, the AWSPENDING staging label might be attached to the
   * same version as the AWSCURRENT version, or it might not be attached to any version"): AWS's own rotation
   * templates remove it in finishSecret themselves.
   */
  private rotationJob(arn: string, versionId: string): RotationJob {
    return {
      versionId,
      maxAttempts: this.retry.maxAttempts,
      applies: () => {
        const stages = this.store.live(arn)?.versions[versionId]?.stages ?? [];
        return stages.includes(PENDING) || stages.includes(CURRENT);
      },
      attempt: async () => {
        for (const Step of ROTATION_STEPS) {
          if (this.closing) throw new Error('the local cloud is stopping');
          const lambdaArn = this.store.live(arn)?.rotation?.lambdaArn;
          if (!lambdaArn) throw new Error('the secret is no longer configured for rotation');
          await this.invoker!(lambdaArn, { Step, SecretId: arn, ClientRequestToken: versionId });
        }
        if (!this.store.live(arn)?.versions[versionId]?.stages.includes(CURRENT)) {
          throw new Error(`finishSecret did not move AWSCURRENT to version ${versionId}`);
        }
      },
      finish: (outcome) => {
        const secret = this.store.live(arn);
        if (outcome.status === 'rotated' && secret?.rotation) {
          secret.rotation.lastRotatedDate = nowSeconds();
          this.store.save();
        }
        return outcome.status;
      },
    };
  }

  /** testSecret once on the test version, which is removed whatever the result. */
  private testJob(arn: string, versionId: string): RotationJob {
    return {
      versionId,
      maxAttempts: 1,
      applies: () => this.store.live(arn)?.versions[versionId]?.stages.includes(PENDING) ?? false,
      attempt: async () => {
        const lambdaArn = this.store.live(arn)?.rotation?.lambdaArn;
        if (!lambdaArn) throw new Error('the secret is no longer configured for rotation');
        await this.invoker!(lambdaArn, { Step: 'testSecret', SecretId: arn, ClientRequestToken: versionId });
      },
      finish: (outcome) => {
        const secret = this.store.byArn(arn);
        if (secret) this.removeTestVersion(secret, versionId);
        return outcome.status === 'rotated' ? 'tested' : outcome.status;
      },
    };
  }

  private removeTestVersion(secret: StoredSecret, versionId: string): void {
    const version = secret.versions[versionId];
    if (!version) return;
    if (version.sealed === '' && !version.stages.includes(CURRENT)) delete secret.versions[versionId];
    else {
      version.stages = version.stages.filter((label) => label !== PENDING);
      delete version.test;
    }
    this.store.save();
  }
}
