import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionIds, functionName, functions, type FunctionId } from '../infra/model/functions.ts';

/** What a Lambda invocation returns: the handler's result, or the error record AWS puts in the payload. */
export type InvocationResult =
  | { ok: true; payload: unknown }
  | { ok: false; error: { errorType: string; errorMessage: string; trace: string[] } };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

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

const repositoryRoot = resolve(import.meta.dirname, '..');

/**
 * Runs the real handlers in this process, as Lambda would run them: the event goes through JSON (so nothing
 * but data crosses), each handler module is loaded once (its cold start), and a thrown error becomes the
 * `{errorType, errorMessage}` record Lambda returns, with no stack (AWS keeps that in the logs).
 */
export class LocalLambdaRuntime {
  private readonly loaded = new Map<FunctionId, Promise<Handler>>();
  private faults: InjectedFault[] = [];

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

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  arnOf(id: FunctionId): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${functionName(id)}`;
  }

  /** Accepts a function name, a full or partial ARN, as Lambda's FunctionName does. */
  resolve(nameOrArn: string): FunctionId | undefined {
    const name = nameOrArn.includes(':function:') ? nameOrArn.split(':function:')[1]!.split(':')[0] : nameOrArn;
    return functionIds.find((id) => functionName(id) === name);
  }

  async invoke(id: FunctionId, event: unknown): Promise<InvocationResult> {
    const handler = await this.load(id);
    // Lambda's clock: the function's timeout (seconds, 30 by default as in the CDK) counted from the invocation.
    const deadline = Date.now() + ((functions[id] as { timeoutSeconds?: number }).timeoutSeconds ?? 30) * 1000;
    const context = {
      functionName: functionName(id),
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(id),
      memoryLimitInMB: '1024',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName(id)}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    const injected: InvocationResult = { ok: false, error: { errorType: 'InjectedFault', errorMessage: 'a fault injected by a test', trace: [] } };
    try {
      if (this.faultFor(id, event, 'before')) return injected;
      const payload = await handler(JSON.parse(JSON.stringify(event ?? null)), context);
      if (this.faultFor(id, event, 'crash-after')) process.kill(process.pid, 'SIGKILL');
      if (this.faultFor(id, event, 'after')) return injected;
      return { ok: true, payload: payload === undefined ? null : JSON.parse(JSON.stringify(payload)) };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return { ok: false, error: { errorType: failure.name, errorMessage: failure.message, trace: [] } };
    }
  }

  private load(id: FunctionId): Promise<Handler> {
    let pending = this.loaded.get(id);
    if (!pending) {
      const url = pathToFileURL(resolve(repositoryRoot, functions[id].entry)).href;
      pending = import(url).then((module: { handler: Handler }) => module.handler);
      this.loaded.set(id, pending);
    }
    return pending;
  }
}
