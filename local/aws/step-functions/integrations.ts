import { randomUUID } from 'node:crypto';
import type { LocalLambdaRuntime } from '../../lambda/runtime.ts';
import { allows, type RolePrincipal } from '../iam.ts';

/**
 * Runs a Task state's Resource against the local services and returns what Step Functions would return:
 * - a Lambda ARN: the function's own result;
 * - `arn:aws:states:::lambda:invoke`: the Invoke response (`Payload`, `StatusCode`, `ExecutedVersion`, SDK
 *   metadata), the function's error becoming the task error with Lambda's `{errorType, errorMessage}` cause;
 * - `arn:aws:states:::dynamodb:<action>`: the DynamoDB response with `SdkHttpMetadata` / `SdkResponseMetadata`,
 *   errors named `DynamoDB.<Code>`;
 * - `arn:aws:states:::aws-sdk:<service>:<action>`: the SDK response in PascalCase, errors named
 *   `<Service>.<Code>` (with an `Exception` suffix, as AWS names them).
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

type Json = unknown;

interface SdkService {
  module: string;
  client: string;
  /** Prefix AWS puts on error names from aws-sdk integrations. */
  errorPrefix: string;
  /** The service's API uses camelCase members (Step Functions does); ASL always speaks PascalCase. */
  camelCase: boolean;
}

const sdkServices: Record<string, SdkService> = {
  dynamodb: { module: '@aws-sdk/client-dynamodb', client: 'DynamoDBClient', errorPrefix: 'DynamoDb', camelCase: false },
  secretsmanager: { module: '@aws-sdk/client-secrets-manager', client: 'SecretsManagerClient', errorPrefix: 'SecretsManager', camelCase: false },
  sfn: { module: '@aws-sdk/client-sfn', client: 'SFNClient', errorPrefix: 'Sfn', camelCase: true },
  sesv2: { module: '@aws-sdk/client-sesv2', client: 'SESv2Client', errorPrefix: 'SesV2', camelCase: false },
};

const optimizedDynamoActions = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

type Resolved =
  | { kind: 'lambda-arn'; functionName: string }
  | { kind: 'lambda-invoke' }
  | { kind: 'dynamodb'; action: string }
  | { kind: 'aws-sdk'; service: string; action: string }
  | { kind: 'child-execution' }
  | { kind: 'wait' };

/** Parses a Resource; `waitForTaskToken` tells whether the task then waits for a callback. */
export function resolveResource(resource: string): { target: Resolved; waitForTaskToken: boolean } | undefined {
  if (resource === 'steward:wait') return { target: { kind: 'wait' }, waitForTaskToken: false };
  if (/^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(resource)) {
    return { target: { kind: 'lambda-arn', functionName: resource }, waitForTaskToken: false };
  }
  const match = /^arn:aws:states:::(.+?)(\.waitForTaskToken)?$/.exec(resource);
  if (!match) return undefined;
  const [, integration, waits] = match;
  const waitForTaskToken = waits !== undefined;
  const parts = integration!.split(':');
  if (parts[0] === 'lambda' && parts[1] === 'invoke' && parts.length === 2) return { target: { kind: 'lambda-invoke' }, waitForTaskToken };
  if (integration === 'states:startExecution.sync:2' && !waitForTaskToken) return { target: { kind: 'child-execution' }, waitForTaskToken };
  if (waitForTaskToken) return undefined; // only lambda:invoke supports the callback pattern locally
  if (parts[0] === 'dynamodb' && parts.length === 2 && optimizedDynamoActions.has(parts[1]!)) {
    return { target: { kind: 'dynamodb', action: parts[1]! }, waitForTaskToken };
  }
  if (parts[0] === 'aws-sdk' && parts.length === 3 && sdkServices[parts[1]!]) {
    return { target: { kind: 'aws-sdk', service: parts[1]!, action: parts[2]! }, waitForTaskToken };
  }
  return undefined;
}

const sdkMetadata = () => ({
  SdkHttpMetadata: { HttpHeaders: { 'Content-Type': 'application/x-amz-json-1.0' }, HttpStatusCode: 200 },
  SdkResponseMetadata: { RequestId: randomUUID() },
});

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function renameKeys(value: Json, rename: (key: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
  }
  return value;
}

/** Turns an SDK response into plain JSON: no `$metadata`, dates as ISO strings, bytes as base64. */
function plainOutput(output: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = output;
  return JSON.parse(
    JSON.stringify(rest, (_key, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)),
  ) as Record<string, unknown>;
}

/**
 * Calls made by a state machine go out as its role: SDK calls signed with the role's key (the endpoint checks
 * them), Lambda invocations checked here against the role's statements. Without a role (tests of the shapes
 * alone) the operator's credentials from the environment are used.
 */
export class TaskIntegrations {
  private readonly clients = new Map<string, Promise<{ send(command: unknown): Promise<any>; commands: Record<string, any> }>>();

  constructor(
    private readonly lambda: LocalLambdaRuntime,
    private readonly roleOf: (stateMachineArn: string) => RolePrincipal | undefined = () => undefined,
  ) {}

  /** Calls the resource and returns the state's raw result, or throws TaskFailure with AWS's error name. */
  async call(target: Resolved, payload: Json, stateMachineArn = ''): Promise<Json> {
    const role = this.roleOf(stateMachineArn);
    switch (target.kind) {
      case 'lambda-arn':
        return this.invokeLambda(target.functionName, payload, role);
      case 'lambda-invoke': {
        const { FunctionName, Payload } = (payload ?? {}) as { FunctionName?: string; Payload?: Json };
        if (typeof FunctionName !== 'string') throw new TaskFailure('States.Runtime', 'lambda:invoke needs FunctionName');
        const result = await this.invokeLambda(FunctionName, Payload ?? {}, role);
        return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200, ...sdkMetadata() };
      }
      case 'dynamodb': {
        const output = await this.sdkCall('dynamodb', target.action, payload, 'DynamoDB', role);
        return { ...output, ...sdkMetadata() };
      }
      case 'aws-sdk': {
        const service = sdkServices[target.service]!;
        const input = service.camelCase ? renameKeys(payload, lowerFirst) : payload;
        const output = await this.sdkCall(target.service, target.action, input, service.errorPrefix, role);
        return service.camelCase ? renameKeys(output, upperFirst) : output;
      }
      case 'child-execution':
        return this.runChild(payload, role);
      case 'wait':
        throw new TaskFailure('States.Runtime', 'wait states are timed by the emulator');
    }
  }

  /** The service that runs child executions; set once it exists (it is built with these integrations). */
  children?: { runChild(request: { stateMachineArn: string; name: string; input: string }): Promise<Record<string, unknown>> };

  /**
   * `states:startExecution.sync:2`: the child's DescribeExecution in PascalCase with Input and Output as JSON;
   * a child that did not succeed fails the task with States.TaskFailed and that description as the cause.
   */
  private async runChild(payload: Json, role: RolePrincipal | undefined): Promise<Json> {
    const { StateMachineArn, Name, Input } = (payload ?? {}) as { StateMachineArn?: unknown; Name?: unknown; Input?: unknown };
    if (typeof StateMachineArn !== 'string') throw new TaskFailure('States.Runtime', 'startExecution needs StateMachineArn');
    if (role && !allows(role.statements, { action: 'states:StartExecution', resource: StateMachineArn })) {
      throw new TaskFailure('Sfn.AccessDeniedException', `User: ${role.arn} is not authorized to perform: states:StartExecution on resource: ${StateMachineArn} because no identity-based policy allows the states:StartExecution action`);
    }
    const input = typeof Input === 'string' ? Input : JSON.stringify(Input ?? {});
    let described: Record<string, unknown>;
    try {
      described = await this.children!.runChild({ stateMachineArn: StateMachineArn, name: typeof Name === 'string' ? Name : randomUUID(), input });
    } catch (error) {
      const name = (error as Error).name;
      throw new TaskFailure(`Sfn.${name.endsWith('Exception') ? name : `${name}Exception`}`, (error as Error).message);
    }
    const output = renameKeys(described, upperFirst) as Record<string, unknown>;
    const result = {
      ...output,
      Input: JSON.parse(String(described.input)) as Json,
      InputDetails: { Included: true },
      ...(described.output === undefined ? {} : { Output: JSON.parse(String(described.output)) as Json, OutputDetails: { Included: true } }),
      StartDate: Math.round(Number(described.startDate) * 1000),
      StopDate: Math.round(Number(described.stopDate) * 1000),
    };
    if (described.status !== 'SUCCEEDED') throw new TaskFailure('States.TaskFailed', JSON.stringify(result));
    return result;
  }

  private async invokeLambda(functionName: string, payload: Json, role: RolePrincipal | undefined): Promise<Json> {
    const id = this.lambda.resolve(functionName);
    if (!id) {
      throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
    }
    const resource = this.lambda.arnOf(id);
    if (role && !allows(role.statements, { action: 'lambda:InvokeFunction', resource })) {
      throw new TaskFailure('Lambda.AWSLambdaException', `User: ${role.arn} is not authorized to perform: lambda:InvokeFunction on resource: ${resource} because no identity-based policy allows the lambda:InvokeFunction action`);
    }
    const result = await this.lambda.invoke(id, payload);
    if (result.ok) return result.payload;
    throw new TaskFailure(result.error.errorType, JSON.stringify(result.error));
  }

  private async sdkCall(service: string, action: string, input: Json, errorPrefix: string, role: RolePrincipal | undefined): Promise<Record<string, unknown>> {
    const { send, commands } = await this.client(service, role);
    const Command = commands[`${upperFirst(action)}Command`];
    if (!Command) throw new TaskFailure('States.Runtime', `${service}:${action} is not an API action`);
    try {
      return plainOutput(await send(new Command(input)));
    } catch (error) {
      const name = (error as Error).name;
      const code = name.endsWith('Exception') ? name : `${name}Exception`;
      throw new TaskFailure(`${errorPrefix}.${code}`, (error as Error).message);
    }
  }

  private client(service: string, role: RolePrincipal | undefined) {
    const key = `${service} ${role?.accessKeyId ?? ''}`;
    let pending = this.clients.get(key);
    if (!pending) {
      const spec = sdkServices[service]!;
      pending = import(spec.module).then((commands: Record<string, any>) => {
        // Endpoints come from AWS_ENDPOINT_URL*, like every other client in the local cloud.
        const client = new commands[spec.client](role ? { credentials: { accessKeyId: role.accessKeyId, secretAccessKey: 'local' } } : {});
        return { send: (command: unknown) => client.send(command), commands };
      });
      this.clients.set(key, pending);
    }
    return pending;
  }
}
