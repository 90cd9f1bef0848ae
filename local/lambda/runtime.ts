import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { functionIds, functionName, memoryMbOf, timeoutSecondsOf, type FunctionId } from '../../declarations/functions.ts';
import { AwsServiceError } from '../aws/errors.ts';

/** What a Lambda invocation returns: the handler's result, or the error record AWS puts in the payload. */
export type InvocationResult =
  | { ok: true; payload: unknown }
  | { ok: false; error: LambdaError };

/**
 * A failure the tests inject (local only, through `/_steward/faults`): the next `count` invocations of the
 * function whose event holds every field of `match` fail, `before` the handler runs (nothing happened) or
 * `after` it (it did its work, but its caller sees an error and retries). `crash-after` kills the whole local
 * cloud (SIGKILL) once the handler has done its work, before anyone hears of it: a power cut at the worst moment.
 */
export interface InjectedFault {
  function: FunctionId;
  match: Record<string, string>;
  when: 'before' | 'after' | 'crash-after';
  count: number;
}

const DEFAULT_MAX_ENVIRONMENTS = 8;

/** Lambda's synchronous invocation limit, for the request and for the response (6 MB). */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface LambdaRuntimeOptions {
  region: string;
  accountId: string;
  /** Each function's bundle (`index.mjs`), as the stack deploys it. */
  bundles: Readonly<Record<FunctionId, string>>;
  /** The complete environment of one function's execution environments. */
  environmentOf(id: FunctionId): Record<string, string>;
  /**
   * Execution environments per function at most; invocations beyond wait for one to be free. Lambda would
   * start up to the account's concurrency (1,000); two cores cannot hold that many runtimes.
   */
  maxEnvironments?: number;
  /** The function's timeout; the catalogue's unless a test shortens it. */
  timeoutSecondsOf?(id: FunctionId): number;
}

type LambdaError = { errorType: string; errorMessage: string; trace: string[] };

/** What worker.mjs posts back: the result as JSON text, or the error record (`init`: the bundle failed to load). */
type WorkerAnswer = { id: number; ok: true; payload: string } | { id: number; ok: false; error: LambdaError; init?: boolean };

interface Pending {
  resolve(result: InvocationResult): void;
  timer: NodeJS.Timeout;
}

/** One execution environment: a worker thread that loaded the bundle once and serves one invocation at a time. */
class ExecutionEnvironment {
  readonly worker: Worker;
  private pending: Pending | undefined;
  private invocations = 0;
  private ended = false;
  /** Handed to an invocation that has not posted its event yet: nobody else may take it meanwhile. */
  reserved = false;

  constructor(bundle: string, env: Record<string, string>, private readonly onGone: (environment: ExecutionEnvironment) => void) {
    this.worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { bundle }, env });
    this.worker.on('message', (message: WorkerAnswer) => {
      const done = this.pending;
      if (!done || message.id !== this.invocations) return;
      this.pending = undefined;
      clearTimeout(done.timer);
      // An environment whose initialization failed is discarded; the next invocation starts a fresh one.
      if (!message.ok && message.init) this.discard();
      done.resolve(message.ok ? { ok: true, payload: JSON.parse(message.payload) as unknown } : { ok: false, error: message.error });
    });
    this.worker.on('error', (error) => this.fail({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: the runtime exited: ${error.message}`, trace: [] }));
    this.worker.on('exit', () => {
      this.fail({ errorType: 'Runtime.ExitError', errorMessage: 'the runtime exited without answering', trace: [] });
      this.onGone(this);
    });
  }

  /** Serving an invocation, or on its way out. */
  get busy() {
    return this.reserved || this.pending !== undefined || this.ended;
  }

  run(event: string, context: Record<string, unknown>, timeoutSeconds: number): Promise<InvocationResult> {
    this.reserved = false;
    this.invocations += 1;
    const id = this.invocations;
    return new Promise<InvocationResult>((resolve) => {
      // Lambda stops the environment at the timeout; so does this (its module state goes with it).
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`, trace: [] } });
        this.discard();
      }, timeoutSeconds * 1000);
      this.pending = { resolve, timer };
      this.worker.postMessage({ id, event: JSON.parse(event) as unknown, context });
    });
  }

  private fail(error: LambdaError) {
    const done = this.pending;
    if (!done) return;
    this.pending = undefined;
    clearTimeout(done.timer);
    done.resolve({ ok: false, error });
  }

  discard() {
    this.ended = true;
    void this.worker.terminate();
  }
}

/**
 * Runs the functions as Lambda runs them: each from the bundle the stack deploys, in execution environments of
 * its own (worker threads, each with exactly the function's environment), warm ones reused, a new one for an
 * invocation that finds all busy, so module state, cold starts and concurrency behave as on Lambda. Events and
 * results cross as JSON, limited to Lambda's 6 MB; a thrown error becomes Lambda's `{errorType, errorMessage}`
 * record; an invocation past the function's timeout ends its environment.
 */
export class LocalLambdaRuntime {
  private readonly environments = new Map<FunctionId, ExecutionEnvironment[]>();
  private faults: InjectedFault[] = [];
  private stopped = false;

  constructor(private readonly options: LambdaRuntimeOptions) {}

  injectFault(fault: InjectedFault) {
    if (!functionIds.includes(fault.function)) throw new Error(`no function ${fault.function}`);
    this.faults.push({ ...fault });
  }

  /** Uses up one count of a fault matching this invocation, if any. */
  private faultFor(id: FunctionId, event: unknown, when: InjectedFault['when']): boolean {
    const fields = (event ?? {}) as Record<string, unknown>;
    const fault = this.faults.find((f) => f.function === id && f.when === when && f.count > 0 && Object.entries(f.match).every(([key, value]) => fields[key] === value));
    if (!fault) return false;
    fault.count -= 1;
    return true;
  }

  arnOf(id: FunctionId): string {
    return `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${functionName(id)}`;
  }

  /** Accepts a function name, a full or partial ARN, as Lambda's FunctionName does. */
  resolve(nameOrArn: string): FunctionId | undefined {
    const name = nameOrArn.includes(':function:') ? nameOrArn.split(':function:')[1]!.split(':')[0] : nameOrArn;
    return functionIds.find((id) => functionName(id) === name);
  }

  /** A synchronous invocation. A request over 6 MB is refused before it runs, as Lambda's Invoke refuses it. */
  async invoke(id: FunctionId, event: unknown): Promise<InvocationResult> {
    const request = JSON.stringify(event ?? null);
    if (Buffer.byteLength(request) > MAX_SYNC_PAYLOAD_BYTES) {
      throw new AwsServiceError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`, 413);
    }
    const injected: InvocationResult = { ok: false, error: { errorType: 'InjectedFault', errorMessage: 'a fault injected by a test', trace: [] } };
    if (this.faultFor(id, event, 'before')) return injected;
    const timeoutSeconds = (this.options.timeoutSecondsOf ?? timeoutSecondsOf)(id);
    const context = {
      functionName: functionName(id),
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(id),
      memoryLimitInMB: String(memoryMbOf(id)),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName(id)}`,
      logStreamName: 'local',
      deadline: Date.now() + timeoutSeconds * 1000,
    };
    const environment = await this.environmentFor(id);
    const result = await environment.run(request, context, timeoutSeconds).finally(() => this.released(id));
    if (result.ok && Buffer.byteLength(JSON.stringify(result.payload)) > MAX_SYNC_PAYLOAD_BYTES) {
      return { ok: false, error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD_BYTES} bytes).`, trace: [] } };
    }
    if (this.faultFor(id, event, 'crash-after')) process.kill(process.pid, 'SIGKILL');
    if (this.faultFor(id, event, 'after')) return injected;
    return result;
  }

  private readonly queued = new Map<FunctionId, (() => void)[]>();

  /** A warm environment that is free, or a new one (a cold start), or the next one to be free. */
  private async environmentFor(id: FunctionId): Promise<ExecutionEnvironment> {
    if (this.stopped) throw new AwsServiceError('ServiceException', 'the local cloud is stopping', 500);
    const pool = this.environments.get(id) ?? [];
    this.environments.set(id, pool);
    const idle = pool.find((environment) => !environment.busy);
    if (idle) {
      idle.reserved = true;
      return idle;
    }
    if (pool.length >= (this.options.maxEnvironments ?? DEFAULT_MAX_ENVIRONMENTS)) {
      await new Promise<void>((resolve) => this.queued.set(id, [...(this.queued.get(id) ?? []), resolve]));
      return this.environmentFor(id);
    }
    const created = new ExecutionEnvironment(this.options.bundles[id], this.options.environmentOf(id), (gone) => {
      const index = pool.indexOf(gone);
      if (index >= 0) pool.splice(index, 1);
      this.released(id);
    });
    created.reserved = true;
    pool.push(created);
    return created;
  }

  /** An environment of this function is free again (or gone): the next queued invocation may take it. */
  private released(id: FunctionId) {
    this.queued.get(id)?.shift()?.();
  }

  /** Ends every execution environment. */
  async stop() {
    this.stopped = true;
    await Promise.all([...this.environments.values()].flat().map((environment) => environment.worker.terminate()));
  }
}
