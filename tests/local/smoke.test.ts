import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { linkPagePaths, runChecks, smokeChecks } from '../../scripts/smoke/checks.ts';
import type { SmokeTarget } from '../../scripts/smoke/model.ts';
import { stateMachineName, workflowIds } from '../../workflows/index.ts';
import { finished } from '../support/canary.ts';
import { localClients } from '../support/clients.ts';
import { freePort } from '../support/local-cloud-process.ts';

/**
 * `npm run smoke`'s checks, run against the local cloud as if it were a deployed stack: the target the stack's
 * outputs would give, with the local cloud's names. Resolving the outputs (CloudFormation) is the one part
 * with no local twin; it is tested in tests/unit/smoke.test.ts.
 */
const cloud = inject('localCloud');
const clients = localClients(cloud);
const arnOf = (name: string) => `arn:aws:states:${cloud.region}:000000000000:stateMachine:${name}`;
const local: SmokeTarget = {
  apiUrl: cloud.apiUrl,
  tableName: cloud.registryTable,
  region: cloud.region,
  stateMachineArns: Object.fromEntries(workflowIds.map((id) => [id, arnOf(stateMachineName(id))])) as SmokeTarget['stateMachineArns'],
};
const quick = { canaryTimeoutMs: 30_000, pollMs: 100 };
const notCanary = (check: { name: string }) => !check.name.startsWith('canary');

describe('the smoke checks', () => {
  it('pass against a working stack: every state machine and the table ACTIVE, health, link pages, the authorizer, a canary run', async () => {
    const results = await runChecks(smokeChecks(local, clients, quick));

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual([
      ...workflowIds.map((id) => `state machine ${stateMachineName(id)} is ACTIVE`),
      `registry table ${cloud.registryTable} is ACTIVE`,
      'GET /health answers 200 with status ok',
      'GET /decide/<forged link> answers a 4xx HTML page',
      'GET /handover/<forged link> answers a 4xx HTML page',
      'GET /review/<forged link> answers a 4xx HTML page',
      'GET /me without a token answers 401',
      'canary workflow run SUCCEEDED',
    ]);
    expect(linkPagePaths).toHaveLength(3);
    expect(results.at(-1)!.detail).toMatch(/^smoke-\S+, \d+\.\d s$/);
  });

  it('fail the wiring checks of a state machine and a table that do not exist, with the service\'s error, and still run the rest', async () => {
    const broken: SmokeTarget = { ...local, tableName: 'steward-no-such-table', stateMachineArns: { ...local.stateMachineArns, reviews: arnOf('steward-no-such-machine') } };

    const results = await runChecks(smokeChecks(broken, clients, quick).filter(notCanary));

    expect(results.filter((r) => !r.ok)).toEqual([
      { name: 'state machine steward-no-such-machine is ACTIVE', ok: false, detail: expect.stringContaining('StateMachineDoesNotExist') },
      { name: 'registry table steward-no-such-table is ACTIVE', ok: false, detail: expect.stringContaining('ResourceNotFoundException') },
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(results.length - 2);
  });

  it('fail every API check, naming the URL, when nothing answers there', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;

    const results = await runChecks(smokeChecks({ ...local, apiUrl: nowhere }, clients, quick).filter(notCanary));

    const api = results.filter((r) => r.name.startsWith('GET '));
    expect(api).toHaveLength(5);
    for (const result of api) expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(new RegExp(`^could not reach ${nowhere}/\\S+: ECONNREFUSED$`)) });
    expect(results.filter((r) => !r.name.startsWith('GET ')).every((r) => r.ok)).toBe(true);
  });

  it('fail the canary check at its deadline, naming the run still going', async () => {
    const [result] = await runChecks(smokeChecks(local, clients, { canaryTimeoutMs: 0 }).filter((c) => !notCanary(c)));

    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/:execution:steward-canary:smoke-\S+ still RUNNING after 0 s$/) });
    // The run is left to end by itself, as on AWS; waited for here so no test leaves work behind.
    expect((await finished(clients.sfn, result!.detail.split(' ')[0]!)).status).toBe('SUCCEEDED');
  });
});

describe('npm run smoke', () => {
  const run = promisify(execFile);
  const home = mkdtempSync(join(tmpdir(), 'steward-smoke-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('refuses with exit code 2 and says why when no credentials resolve, before printing or touching anything', async () => {
    // Nothing but PATH and an empty HOME: no credentials in the environment or in ~/.aws. Instance metadata is
    // switched off too, so on a CI host with an instance role this test cannot reach a real account.
    const env = { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' };

    const outcome = await run(process.execPath, ['--import', 'tsx', resolve('scripts/smoke.ts'), '--stack', 'Steward-test', '--region', 'us-east-1'], { env, encoding: 'utf8' }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('smoke: refused: no AWS credentials could be resolved');
    expect(outcome.stderr).toContain('Nothing was touched.');
    expect(outcome.stdout).toBe('');
  });
});
