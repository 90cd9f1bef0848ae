import type { FunctionId } from '../../../declarations/functions.ts';
import type { InvocationResult, LocalLambdaRuntime } from '../../lambda/runtime.ts';
import { AwsServiceError } from '../errors.ts';

/** The answer of Lambda's REST Invoke: status, headers and the raw payload. */
export interface InvokeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`), the one Lambda operation Steward
 * calls: RequestResponse answers 200 with the result, or with the error record and `X-Amz-Function-Error:
 * Unhandled`; Event answers 202 at once and runs the function after; DryRun answers 204.
 */
export class LambdaService {
  constructor(private readonly runtime: LocalLambdaRuntime) {}

  /** The function a request path names, or undefined when the path is not Invoke's. */
  functionOf(path: string): { id: FunctionId | undefined; name: string } | undefined {
    const match = INVOKE_PATH.exec(path);
    if (!match) return undefined;
    const name = decodeURIComponent(match[1]!);
    return { id: this.runtime.resolve(name), name };
  }

  async invoke(path: string, invocationType: string | undefined, payload: Buffer): Promise<InvokeAnswer> {
    const target = this.functionOf(path);
    if (!target) throw new AwsServiceError('UnknownOperationException', `No Lambda operation at ${path}`, 404);
    if (!target.id) throw new AwsServiceError('ResourceNotFoundException', `Function not found: ${target.name}`, 404);
    let event: unknown;
    try {
      event = payload.length ? JSON.parse(payload.toString('utf8')) : {};
    } catch {
      throw new AwsServiceError('InvalidRequestContentException', 'Could not parse request body into json', 400);
    }
    const type = invocationType ?? 'RequestResponse';
    const executed = { 'x-amz-executed-version': '$LATEST' };
    if (type === 'DryRun') return { status: 204, headers: executed, body: '' };
    if (type === 'Event') {
      void this.runtime.invoke(target.id, event).catch(() => undefined);
      return { status: 202, headers: {}, body: '' };
    }
    if (type !== 'RequestResponse') throw new AwsServiceError('InvalidParameterValueException', `Invalid InvocationType: ${type}`, 400);
    const result: InvocationResult = await this.runtime.invoke(target.id, event);
    if (result.ok) return { status: 200, headers: executed, body: JSON.stringify(result.payload) };
    return { status: 200, headers: { ...executed, 'x-amz-function-error': 'Unhandled' }, body: JSON.stringify(result.error) };
  }
}
