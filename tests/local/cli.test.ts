import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { callerAs } from '../support/api.ts';
import { decideByLink, linkFor } from '../support/approvals.ts';
import { eventually } from '../support/clients.ts';
import { newDataDir } from '../support/local-cloud-process.ts';
import { SECRET_MARKER } from '../support/secrets.ts';

/** The `govern` CLI as a user runs it, against the shared local cloud. */
const cloud = inject('localCloud');
const run = promisify(execFile);

/** Runs `govern` with the cloud's data folder in STEWARD_DATA_DIR, unless `env` unsets it (an undefined value is left out). */
async function govern(args: string[], options: { stdin?: string; env?: Record<string, string | undefined>; cwd?: string } = {}) {
  const child = run(process.execPath, [resolve('bin/govern.mjs'), ...args], { env: { ...process.env, STEWARD_DATA_DIR: cloud.dataDir, ...options.env }, cwd: options.cwd, encoding: 'utf8' });
  if (options.stdin !== undefined) {
    child.child.stdin?.end(options.stdin);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('govern', () => {
  it('seeds the demo organisation and shows it, in tables and as JSON', async () => {
    // The API acts only for people in the registry: whoever signs in is enrolled first (the demo's lead too).
    await callerAs(cloud, 'ada-lovelace', ['employee'], { team: 'governance', trainingExpiresAt: '2030-01-01' });
    expect((await govern(['login', '--as', 'ada-lovelace', '--role', 'admin', 'hr'])).stdout).toContain('signed in as ada-lovelace');
    const seeded = await govern(['demo', 'seed']);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/seeded 42 people in 9 teams, .* 25 accounts on 8 platforms|already there/);
    const accounts = JSON.parse((await govern(['accounts', 'list', '--json'])).stdout) as { platform: string; team: string }[];
    const demo = accounts.filter((a) => a.team !== 'testing' && !a.team.startsWith('team-'));
    expect(demo.length).toBeGreaterThanOrEqual(25);
    expect(new Set(demo.map((a) => a.platform)).size).toBeGreaterThanOrEqual(8);
    const critical = JSON.parse((await govern(['accounts', 'list', '--risk', 'critical', '--json'])).stdout) as { riskTier: string }[];
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((a) => a.riskTier === 'critical')).toBe(true);
    const table = (await govern(['people', 'list', '--team', 'governance'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^ID\s+NAME\s+EMAIL/);
    expect(table).toContain('ada-lovelace');
    expect((await govern(['audit', 'verify'])).stdout).toMatch(/^audit trail intact: \d+ events/);
  });

  it('imports people from a CSV and reports each row', async () => {
    await callerAs(cloud, 'cli-hr', ['employee'], { team: 'hr' });
    await govern(['login', '--as', 'cli-hr', '--role', 'hr']);
    const csv = join(newDataDir(), 'people.csv');
    const id = `csv-${Date.now().toString(36)}`;
    writeFileSync(csv, `id,email,name,team,trainingExpiresAt\n${id},${id}@example.com,Csv Person,support,2030-01-01\nbad id,x,y,z,\n`);
    const result = JSON.parse((await govern(['people', 'import', csv, '--json'])).stdout);
    expect(result.summary).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 1 });
    expect(result.results[1]).toMatchObject({ row: 2, outcome: 'failed', error: expect.stringContaining('id') });
  });

  it('sets a login from stdin (never an argument) and reveals it to a holder, refusing others with a clear message', async () => {
    await callerAs(cloud, 'cli-admin', ['employee'], { team: 'cli' });
    await govern(['login', '--as', 'cli-admin', '--role', 'admin', 'hr']);
    const holder = `cli-h-${Date.now().toString(36)}`;
    await govern(['people', 'add', '--id', holder, '--email', `${holder}@example.com`, '--name', 'Holder', '--team', 'cli', '--training-expires', '2030-01-01']);
    const added = await govern(['accounts', 'add', '--platform', 'threads', '--handle', `@${holder}`, '--platform-id', holder, '--name', 'CLI', '--url', 'https://threads.example/cli', '--scope', 'external', '--purpose', 'cli test', '--team', 'cli', '--owner', holder, '--risk', 'low']);
    const accountId = /added (acc-\w+)/.exec(added.stdout)![1]!;
    await govern(['grants', 'add', accountId, '--person', holder, '--role', 'publisher', '--credential', '--reason', 'runs it']);
    const password = `${SECRET_MARKER}${Date.now()}`;
    const set = await govern(['secrets', 'set', accountId, '--username', 'cli', '--password-stdin'], { stdin: `${password}\n` });
    expect(set.stdout).toContain(`stored the login of ${accountId}`);
    expect(set.stdout).not.toContain(password);
    expect((await govern(['secrets', 'reveal', accountId, '--reason', 'checking'])).stderr).toContain('403: you hold no active grant on this account');
    await govern(['login', '--as', holder, '--role', 'employee']);
    expect(JSON.parse((await govern(['secrets', 'reveal', accountId, '--reason', 'posting the launch', '--json'])).stdout)).toEqual({ username: 'cli', password });
  });

  it('asks for access, follows the approval, sees the grant; proposes an account and withdraws it', async () => {
    await callerAs(cloud, 'ada-lovelace', ['employee'], { team: 'governance', trainingExpiresAt: '2030-01-01' });
    await govern(['login', '--as', 'ada-lovelace', '--role', 'admin', 'hr']);
    const newcomer = `newcomer-${Date.now()}`;
    await govern(['people', 'add', '--id', newcomer, '--email', `${newcomer}@example.com`, '--name', 'New Comer', '--team', 'marketing', '--training-expires', '2030-01-01']);
    // An account of its own: in the shared cloud, other tests' owners may have left meanwhile.
    const ownerId = `cli-owner-${Date.now()}`;
    await govern(['people', 'add', '--id', ownerId, '--email', `${ownerId}@example.com`, '--name', 'Cli Owner', '--team', 'marketing', '--training-expires', '2030-01-01']);
    const added = await govern(['accounts', 'add', '--platform', 'threads', '--handle', `@${ownerId}`, '--platform-id', ownerId, '--name', 'CLI low', '--url', 'https://threads.example/cli-low', '--scope', 'external', '--purpose', 'cli test', '--team', 'marketing', '--owner', ownerId, '--risk', 'low']);
    const low = { id: /added (acc-\w+)/.exec(added.stdout)![1]!, ownerId };

    await govern(['login', '--as', newcomer, '--role', 'employee']);
    const asked = await govern(['access', 'request', '--account', low.id, '--role', 'viewer', '--reason', 'Learning the ropes']);
    expect(asked.code, asked.stderr).toBe(0);
    const requestId = /requested (apr-[a-z0-9]+)/.exec(asked.stdout)![1]!;
    expect(asked.stdout).toContain(`Account owner (${low.ownerId})`);
    expect((await govern(['approvals', 'list', '--mine'])).stdout).toContain(requestId);

    expect((await decideByLink(await linkFor(cloud, low.ownerId, requestId), 'approve')).status).toBe(200);
    await eventually(async () => ((await govern(['approvals', 'show', requestId, '--json'])).stdout.includes('"requesterNotifiedAt"') ? true : undefined), 'the approval to finish');
    const shown = await govern(['approvals', 'show', requestId]);
    expect(shown.stdout).toMatch(/status\s+approved/);
    expect(shown.stdout).toMatch(/1\. Account owner\s+any\s+approved/);
    expect(shown.stdout).toContain('approval.approved-by');
    expect((await govern(['whoami'])).stdout).toContain(`${low.id} (viewer)`);

    const proposed = await govern(['accounts', 'request', '--platform', 'bluesky', '--handle', `@cli${Date.now()}`, '--platform-id', `did-${Date.now()}`, '--name', 'ACME Labs', '--url', 'https://bsky.app/profile/acme-labs', '--scope', 'external', '--purpose', 'Research notes', '--team', 'product', '--owner', newcomer, '--risk', 'low', '--reason', 'New lab']);
    expect(proposed.code, proposed.stderr).toBe(0);
    const proposalId = /requested (apr-[a-z0-9]+)/.exec(proposed.stdout)![1]!;
    expect((await govern(['approvals', 'withdraw', proposalId, '--reason', 'changed my mind'])).stdout).toContain(`withdrew ${proposalId}`);
    expect((await govern(['approvals', 'withdraw', proposalId, '--reason', 'again'])).stderr).toContain('422: the request is already withdrawn');
  });

  it('finds a cloud started with --data-dir from where it started, with no variable; --data-dir and STEWARD_DATA_DIR come first', async () => {
    // The shared cloud ran `npm start -- --data-dir <its folder>` from that folder (tests/support/local-cloud-process.ts),
    // so its `.steward/` holds the pointer a developer's checkout would.
    await callerAs(cloud, 'cli-finder', ['employee']);
    const unset = { STEWARD_DATA_DIR: undefined };
    const login = await govern(['login', '--as', 'cli-finder', '--role', 'employee'], { env: unset, cwd: cloud.dataDir });
    expect(login.stdout, login.stderr).toContain('signed in as cli-finder');
    expect((await govern(['whoami', '--json'], { env: unset, cwd: cloud.dataDir })).stdout).toContain('"personId": "cli-finder"');
    expect((await govern(['--data-dir', cloud.dataDir, 'whoami', '--json'], { env: unset })).stdout).toContain('"personId": "cli-finder"');
    const elsewhere = newDataDir();
    expect((await govern(['--data-dir', elsewhere, 'whoami'], { env: unset, cwd: cloud.dataDir })).stderr).toBe(`govern: no local cloud is running for ${elsewhere}: start it with "npm start", or pass --api URL\n`);
    expect((await govern(['whoami'], { env: { STEWARD_DATA_DIR: elsewhere }, cwd: cloud.dataDir })).stderr).toContain(`no local cloud is running for ${elsewhere}`);
  });

  it('says what is wrong, without a stack trace', async () => {
    const missing = await govern(['accounts', 'show', 'acc-nope'], { env: { STEWARD_DATA_DIR: newDataDir() } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^govern: no local cloud is running for .*: start it with "npm start"/);
    await callerAs(cloud, 'cli-reader', ['employee']);
    await govern(['login', '--as', 'cli-reader', '--role', 'employee']);
    const forbidden = await govern(['people', 'list']);
    expect(forbidden.stderr).toBe('govern: 403: this needs one of the roles: admin, hr, auditor, approver, owner\n');
    expect(forbidden.stderr).not.toMatch(/\n\s+at /);
  });
});
