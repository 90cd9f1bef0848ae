import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKey } from '../../adapters/dynamodb/registry-keys.ts';
import { callerAs, personBody, uniqueId, type Caller } from '../support/api.ts';
import { localClients } from '../support/clients.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../support/local-cloud-process.ts';

/**
 * Tampering with the audit table directly (as someone with database access would) must be caught by
 * `govern audit verify`, which names the first bad record. Runs its own local cloud, since it breaks the trail.
 */
let cloud: RunningCloud;
let auditor: Caller;
let documents: ReturnType<typeof localClients>['documents'];

const eventAt = async (seq: number) => (await documents.send(new GetCommand({ TableName: cloud.urls.registryTable, Key: auditKey(seq) }))).Item!;
const put = (item: Record<string, unknown>) => documents.send(new PutCommand({ TableName: cloud.urls.registryTable, Item: item }));
const verify = async () => (await auditor('GET', '/audit/verify')).body;

beforeAll(async () => {
  cloud = await startCloudProcess({ dataDir: newDataDir(), ports: await freePorts() });
  documents = localClients(cloud.urls).documents;
  const admin = await callerAs(cloud.urls, 'tamper-admin', ['admin', 'hr']);
  for (let i = 0; i < 6; i++) await admin('POST', '/people', { body: personBody(uniqueId('t')) });
  auditor = await callerAs(cloud.urls, 'tamper-auditor', ['auditor']);
});

afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

describe('audit tamper detection', () => {
  it('finds the untouched trail intact', async () => {
    // The six people, and the three enrolments that let the callers in: the test root, the admin, the auditor.
    expect(await verify()).toEqual({ ok: true, events: 9, headSeq: 9 });
  });

  it('names an altered record, through the API and the CLI', async () => {
    const original = await eventAt(3);
    await put({ ...original, after: { ...original.after, team: 'rewritten' } });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'altered' });
    const env = { ...process.env, STEWARD_DATA_DIR: cloud.dataDir };
    const govern = (...args: string[]) => execFileSync(process.execPath, [resolve('bin/govern.mjs'), ...args], { env, encoding: 'utf8' });
    govern('login', '--as', 'tamper-auditor', '--role', 'auditor');
    let output = '';
    let exitCode = 0;
    try {
      govern('audit', 'verify');
    } catch (error) {
      ({ stdout: output, status: exitCode } = error as { stdout: string; status: number });
    }
    expect(exitCode).toBe(3);
    expect(output).toContain('AUDIT TRAIL BROKEN at record 3 (altered)');
    await put(original);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a removed record, in the middle and at the end', async () => {
    const middle = await eventAt(4);
    await documents.send(new DeleteCommand({ TableName: cloud.urls.registryTable, Key: auditKey(4) }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'removed' });
    await put(middle);
    const last = await eventAt(6);
    await documents.send(new DeleteCommand({ TableName: cloud.urls.registryTable, Key: auditKey(6) }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'removed' });
    await put(last);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names reordered records', async () => {
    const [two, three] = [await eventAt(2), await eventAt(3)];
    // Swap what the two keys hold, as a reorder of the trail would.
    await put({ ...three, pk: two.pk, sk: two.sk });
    await put({ ...two, pk: three.pk, sk: three.sk });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'reordered' });
    await put(two);
    await put(three);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
