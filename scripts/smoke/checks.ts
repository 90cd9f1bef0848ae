import { randomBytes, randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, DescribeStateMachineCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { routes } from '../../declarations/routes.ts';
import { workflowIds } from '../../workflows/index.ts';
import type { CheckResult, SmokeTarget } from './model.ts';

/**
 * The checks of `npm run smoke`, on a plain target: the same code runs against a deployed stack and, in the
 * tests, against the local cloud. Only the canary writes (its run record, as the daily canary does); the
 * rest reads descriptions or calls public routes without credentials.
 */
export interface SmokeClients {
  readonly sfn: SFNClient;
  readonly dynamodb: DynamoDBClient;
}

export interface SmokeCheckOptions {
  /** How long the canary may run before its check fails. */
  readonly canaryTimeoutMs: number;
  /** Between DescribeExecution calls. */
  readonly pollMs?: number;
  /** Per HTTP request. */
  readonly httpTimeoutMs?: number;
}

/** A check resolves with what it saw, or throws why it failed. */
export interface SmokeCheck {
  readonly name: string;
  run(): Promise<string>;
}

/** A failure the check itself decided; anything else thrown (an SDK or network error) is reported by name and message. */
class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}

const nameOf = (arn: string) => arn.split(':').at(-1) ?? arn;

/**
 * A token shaped like a real link's (version, claims naming a key id, 43-character signature) that Steward
 * never signed. The page must read the link key to refuse it, so the check also proves the function can read
 * its secret: a function that cannot answers 503, not 4xx.
 */
function forgedLinkToken(): string {
  const claims = { r: 'smoke-test', s: 0, n: 0, a: 'smoke-test', e: Math.floor(Date.now() / 1000) + 3600, k: 'smoke-test-unknown-key' };
  return `v1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

/** The pages behind signed email links, from the route table: every public GET with a token in its path. */
export const linkPagePaths = routes.filter((r) => r.auth === 'none' && r.method === 'GET' && r.path.includes('{token}')).map((r) => r.path);

async function get(url: string, options: SmokeCheckOptions): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(options.httpTimeoutMs ?? 15_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CheckFailed(`could not reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

const statusLine = async (response: Response) => `${response.status} ${response.headers.get('content-type') ?? 'no content type'}: ${(await response.text()).slice(0, 120)}`;

/** Every check, in the order they run: read-only wiring first, then the public API, then the canary (the slowest). */
export function smokeChecks(target: SmokeTarget, clients: SmokeClients, options: SmokeCheckOptions): SmokeCheck[] {
  const wiring: SmokeCheck[] = [
    ...workflowIds.map((id) => ({
      name: `state machine ${nameOf(target.stateMachineArns[id])} is ACTIVE`,
      run: async () => {
        const machine = await clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: target.stateMachineArns[id] }));
        if (machine.status !== 'ACTIVE') throw new CheckFailed(`its status is ${machine.status}`);
        return machine.type ?? '';
      },
    })),
    {
      name: `registry table ${target.tableName} is ACTIVE`,
      run: async () => {
        const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: target.tableName }));
        if (Table?.TableStatus !== 'ACTIVE') throw new CheckFailed(`its status is ${Table?.TableStatus ?? 'unknown'}`);
        // Not ItemCount: DynamoDB refreshes it about every six hours, so it would mislead.
        return Table.DeletionProtectionEnabled === undefined ? '' : `deletion protection ${Table.DeletionProtectionEnabled ? 'on' : 'OFF'}`;
      },
    },
  ];

  const api: SmokeCheck[] = [
    {
      name: 'GET /health answers 200 with status ok',
      run: async () => {
        const response = await get(`${target.apiUrl}/health`, options);
        const body = await response.text();
        if (response.status !== 200) throw new CheckFailed(`it answered ${response.status}: ${body.slice(0, 120)}`);
        let status: unknown;
        try {
          status = (JSON.parse(body) as { status?: unknown }).status;
        } catch {
          throw new CheckFailed(`it answered 200 but not JSON: ${body.slice(0, 120)}`);
        }
        if (status !== 'ok') throw new CheckFailed(`it answered 200 with status ${JSON.stringify(status)}`);
        return target.apiUrl;
      },
    },
    ...linkPagePaths.map((path) => ({
      name: `GET ${path.replace('{token}', '<forged link>')} answers a 4xx HTML page`,
      run: async () => {
        const response = await get(`${target.apiUrl}${path.replace('{token}', forgedLinkToken())}`, options);
        const type = response.headers.get('content-type') ?? '';
        if (response.status < 400 || response.status > 499 || !type.startsWith('text/html')) throw new CheckFailed(`it answered ${await statusLine(response)}`);
        await response.body?.cancel();
        return `${response.status}`;
      },
    })),
    {
      name: 'GET /me without a token answers 401',
      run: async () => {
        const response = await get(`${target.apiUrl}/me`, options);
        if (response.status !== 401) throw new CheckFailed(`it answered ${await statusLine(response)}`);
        await response.body?.cancel();
        return '';
      },
    },
  ];

  const canary: SmokeCheck = {
    name: 'canary workflow run SUCCEEDED',
    run: async () => {
      const started = Date.now();
      const name = `smoke-${new Date(started).toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
      const { executionArn } = await clients.sfn.send(
        new StartExecutionCommand({ stateMachineArn: target.stateMachineArns.canary, name, input: JSON.stringify({ callback: 'auto' }) }),
      );
      for (;;) {
        const execution = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status === 'SUCCEEDED') return `${name}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
        if (execution.status !== 'RUNNING') throw new CheckFailed(`${executionArn} ended ${execution.status}${execution.error ? `: ${execution.error}` : ''}${execution.cause ? ` (${execution.cause.slice(0, 200)})` : ''}`);
        // Left running, not stopped: it ends by its own timeouts, and its history is there to read.
        if (Date.now() - started >= options.canaryTimeoutMs) throw new CheckFailed(`${executionArn} still RUNNING after ${Math.round(options.canaryTimeoutMs / 1000)} s`);
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
      }
    },
  };

  return [...wiring, ...api, canary];
}

/** Runs the checks one after another (the report reads in order), each result handed to `onResult` as it lands. */
export async function runChecks(checks: readonly SmokeCheck[], onResult: (result: CheckResult) => void = () => {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    let result: CheckResult;
    try {
      result = { name: check.name, ok: true, detail: await check.run() };
    } catch (error) {
      const detail = error instanceof CheckFailed ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
      result = { name: check.name, ok: false, detail };
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
