import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEnvironment, type Deployment } from '../../declarations/access.ts';
import { functionIds, type FunctionId } from '../../declarations/functions.ts';
import { createGateway } from '../../local/gateway.ts';
import { listen, closeServer } from '../../local/http.ts';
import { localFunctionEnvironment } from '../../local/lambda/environment.ts';
import { LocalLambdaRuntime, MAX_SYNC_PAYLOAD_BYTES } from '../../local/lambda/runtime.ts';
import type { RouteDeclaration } from '../../declarations/routes.ts';

/**
 * The local Lambda runtime as Lambda behaves, with a probe bundle standing in for a function's: its own
 * execution environments (module state per environment), warm reuse, concurrency, timeouts that end the
 * environment, the 6 MB payload limits, exactly the function's environment; and HTTP API's limits in front.
 */
const probe = `
const environmentId = Math.random().toString(36).slice(2);
export const handler = async (request) => {
  const event = typeof request.body === 'string' ? JSON.parse(request.body) : request;
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  if (event.big) return 'x'.repeat(event.big);
  if (event.fail) { class ProbeFailure extends Error { constructor(m) { super(m); this.name = new.target.name; } } throw new ProbeFailure('asked to fail'); }
  return { environmentId, env: process.env, echo: event.echo ?? null };
};`;

const deployment: Deployment = {
  partition: 'aws',
  region: 'us-east-1',
  account: '000000000000',
  prefix: 'steward',
  registry: { tableName: 'steward-registry', tableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/steward-registry', keyArn: 'arn:aws:kms:us-east-1:000000000000:key/k' },
  secretPrefix: 'steward/local/accounts/',
  linkKeySecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:steward/local/approval-link-key-AbCdEf',
  mail: { from: 'Steward <steward@steward.local>', identity: 'steward.local' },
  publicUrl: 'http://127.0.0.1:1',
  look: { companyName: 'Example Corp', timeZone: 'UTC' },
  platformUrl: 'http://127.0.0.1:2',
  audit: { bucketName: 'steward-local-audit-evidence', bucketArn: 'arn:aws:s3:::steward-local-audit-evidence', signingKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/s', origin: 'steward.local/audit' },
};
const endpoints = { aws: 'http://127.0.0.1:3', dynamodb: 'http://127.0.0.1:4' };

let folder: string;
let runtime: LocalLambdaRuntime;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'steward-probe-'));
  writeFileSync(join(folder, 'index.mjs'), probe);
  const bundles = Object.fromEntries(functionIds.map((id) => [id, join(folder, 'index.mjs')])) as Record<FunctionId, string>;
  runtime = new LocalLambdaRuntime({
    region: 'us-east-1',
    accountId: '000000000000',
    bundles,
    environmentOf: (id) => localFunctionEnvironment(deployment, id, { accessKeyId: `KEY-${id}` }, endpoints, { POWERTOOLS_LOG_LEVEL: 'WARN', UNRELATED: 'not passed on' }),
    timeoutSecondsOf: () => 1,
    maxEnvironments: 4,
  });
});

afterAll(async () => {
  await runtime.stop();
  rmSync(folder, { recursive: true, force: true });
});

const payloadOf = (result: Awaited<ReturnType<LocalLambdaRuntime['invoke']>>) => {
  if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
  return result.payload as { environmentId: string; env: Record<string, string>; echo: unknown };
};

describe('the local Lambda runtime', () => {
  it("gives every function exactly its catalogue environment, Lambda's own variables and the operator's overrides", async () => {
    for (const id of ['meApi', 'reviewSchedule', 'credentialRotation', 'health'] as const) {
      const { env } = payloadOf(await runtime.invoke(id, {}));
      const expected = { ...functionEnvironment(deployment, id), AWS_ACCESS_KEY_ID: `KEY-${id}`, AWS_ENDPOINT_URL: endpoints.aws, AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb, POWERTOOLS_LOG_LEVEL: 'WARN' };
      expect(env, id).toMatchObject(expected);
      const lambdaOwn = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_LOG_GROUP_NAME'];
      expect(Object.keys(env).sort(), id).toEqual([...new Set([...Object.keys(expected), ...lambdaOwn])].sort());
    }
  });

  it('reuses a warm environment, and runs concurrent invocations in environments of their own', async () => {
    const first = payloadOf(await runtime.invoke('policiesApi', {}));
    const second = payloadOf(await runtime.invoke('policiesApi', {}));
    expect(second.environmentId).toBe(first.environmentId);
    const together = await Promise.all([1, 2, 3].map(() => runtime.invoke('grantsApi', { sleepMs: 200 })));
    expect(new Set(together.map((r) => payloadOf(r).environmentId)).size).toBe(3);
  });

  it('queues what exceeds its environments per function, and serves it once one is free', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => runtime.invoke('accountsApi', { sleepMs: 100, echo: i })));
    expect(results.map((r) => payloadOf(r).echo)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => payloadOf(r).environmentId)).size).toBeLessThanOrEqual(4);
  });

  it("reports a thrown error as Lambda's record under the error's class name", async () => {
    expect(await runtime.invoke('auditApi', { fail: true })).toEqual({ ok: false, error: { errorType: 'ProbeFailure', errorMessage: 'asked to fail', trace: [] } });
  });

  it('ends an invocation at its timeout, with the environment (a fresh one serves the next)', async () => {
    const before = payloadOf(await runtime.invoke('departuresApi', {}));
    expect(await runtime.invoke('departuresApi', { sleepMs: 3000 })).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' } });
    const after = payloadOf(await runtime.invoke('departuresApi', {}));
    expect(after.environmentId).not.toBe(before.environmentId);
  });

  it('refuses a request over 6 MB, and fails a response over 6 MB, as Lambda does', async () => {
    await expect(runtime.invoke('meApi', { echo: 'x'.repeat(MAX_SYNC_PAYLOAD_BYTES) })).rejects.toMatchObject({ name: 'RequestEntityTooLargeException' });
    expect(await runtime.invoke('meApi', { big: MAX_SYNC_PAYLOAD_BYTES + 1 })).toMatchObject({ ok: false, error: { errorType: 'Function.ResponseSizeTooLarge' } });
  });
});

describe("the local HTTP API's limits", () => {
  const routes: RouteDeclaration[] = [{ method: 'POST', path: '/probe', function: 'meApi', auth: 'none' } as RouteDeclaration];
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const server = await listen('probe gateway', '127.0.0.1', 0, createGateway({ routes, lambda: runtime, authorizer: { claimsFor: async () => undefined }, integrationTimeoutSeconds: 0.5 }));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/probe`;
    stop = () => closeServer(server);
  });
  afterAll(() => stop());

  it('answers 413 to a request over 10 MB, and to one the function cannot take (over 6 MB)', async () => {
    const over = (bytes: number) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ echo: 'x'.repeat(bytes) }) });
    expect((await over(10 * 1024 * 1024)).status).toBe(413);
    expect((await over(7 * 1024 * 1024)).status).toBe(413);
    expect((await over(10)).status).toBe(200);
  });

  it('answers 503 once the integration timeout passes', async () => {
    const slow = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sleepMs: 900 }) });
    expect(slow.status).toBe(503);
    expect(await slow.json()).toEqual({ message: 'Service Unavailable' });
  });
});
