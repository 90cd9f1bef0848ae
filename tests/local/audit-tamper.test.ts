import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildAuditVerifier } from '../../scripts/audit-verifier-build.ts';
import { join, resolve } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventKey, auditItem, chainHeadKey, LEGACY_HEAD_KEY, legacyAuditItem, legacyAuditKey, sealedMarkKey } from '../../adapters/dynamodb/registry-keys.ts';
import { GENESIS_HASH, LEGACY_CHAIN, sealEvent } from '../../core/audit/chain.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import { callerAs, personBody, uniqueId, type Caller } from '../support/api.ts';
import { credentials, eventually, localClients } from '../support/clients.ts';
import { DeleteObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SEALED_LOG } from '../../core/audit/seals.ts';
import { auditEvidence } from '../../declarations/audit.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../support/local-cloud-process.ts';

/**
 * Tampering with the audit trail directly in DynamoDB (as an insider with full table access would) must be
 * caught by `govern audit verify`, which names the chain and its first bad record. Runs its own local cloud,
 * since it breaks the trail. The registry also holds a chain written the way every event was written before
 * chains were per subject (one chain, `AUDITHEAD`), which keeps verifying as it was. Against the sealed
 * evidence it also catches a chain rewritten and rehashed to its end, a sealed event taken out, and an attempt
 * on the locked bucket; and its export passes the offline verifier.
 */
let cloud: RunningCloud;
let admin: Caller;
let auditor: Caller;
let documents: ReturnType<typeof localClients>['documents'];
let subject: string;
let chain: string;

const get = async (key: { pk: string; sk: string }) => (await documents.send(new GetCommand({ TableName: cloud.urls.registryTable, Key: key }))).Item!;
const eventAt = (seq: number) => get(auditEventKey(chain, seq));
const put = (item: Record<string, unknown>) => documents.send(new PutCommand({ TableName: cloud.urls.registryTable, Item: item }));
const remove = (key: { pk: string; sk: string }) => documents.send(new DeleteCommand({ TableName: cloud.urls.registryTable, Key: key }));
const verify = async () => (await auditor('GET', '/audit/verify')).body;
/** Until the sealer has sealed this event (`chain#seq`): its mark is beside it. */
const sealed = (key: string) => eventually(async () => (await documents.send(new GetCommand({ TableName: cloud.urls.registryTable, Key: sealedMarkKey(key) }))).Item, `${key} sealed`);

/** Four events sealed into the single chain and its head, as a registry written before issue 15 holds them. */
async function writeLegacyChain(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= 4; seq++) {
    const entry = { actor: 'hr-of-old', actorRoles: ['hr'], action: 'person.updated', entityType: 'person', entityId: `old-${seq % 2}`, after: { team: `team-${seq}` } };
    events.push(sealEvent(entry, seq, `2026-06-0${seq}T09:00:00.000Z`, events.at(-1)?.hash ?? GENESIS_HASH, [`person/old-${seq % 2}@${seq}`]));
  }
  for (const event of events) await put(legacyAuditItem(event));
  await put({ ...LEGACY_HEAD_KEY, seq: 4, hash: events.at(-1)!.hash });
  return events;
}

beforeAll(async () => {
  cloud = await startCloudProcess({ dataDir: newDataDir(), ports: await freePorts() });
  documents = localClients(cloud.urls).documents;
  await writeLegacyChain();
  admin = await callerAs(cloud.urls, 'tamper-admin', ['admin', 'hr']);
  subject = uniqueId('t');
  chain = `person/${subject}`;
  await admin('POST', '/people', { body: personBody(subject) });
  for (let i = 1; i <= 5; i++) await admin('PATCH', `/people/${subject}`, { body: { name: `Renamed ${i}` } });
  auditor = await callerAs(cloud.urls, 'tamper-auditor', ['auditor']);
});

afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

describe('audit tamper detection', () => {
  it('finds the untouched trail intact: the single chain of old, and each subject’s chain', async () => {
    // The old chain's 4, the subject's 6, and the enrolments that let the callers in (root, admin, auditor).
    expect(await verify()).toMatchObject({ ok: true, events: 4 + 6 + 3, chains: 1 + 1 + 3, sealed: { checkpoints: expect.any(Number) } });
    expect((await admin('GET', `/audit?entityType=person&entityId=old-1`)).body.items.map((e: AuditEvent) => e.seq)).toEqual([1, 3]);
  });

  it('exports the sealed events with the signed checkpoint, which the offline verifier accepts, and proves one event', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'steward-export-'));
    try {
      const env = { ...process.env, STEWARD_DATA_DIR: cloud.dataDir };
      const govern = (...args: string[]) => execFileSync(process.execPath, [resolve('bin/govern.mjs'), ...args], { env, encoding: 'utf8' });
      await sealed(`${chain}#6`);
      // The mark comes with the append; the checkpoint that covers it a moment later.
      const proof = await eventually(async () => {
        try {
          return JSON.parse(govern('audit', 'prove', `${chain}#6`)) as { logIndex: number; logSize: number; proof: string[]; leafHash: string };
        } catch {
          return undefined;
        }
      }, 'a checkpoint that covers the event');
      expect(proof.logIndex).toBeLessThan(proof.logSize);
      const [exported, key] = [join(folder, 'export.jsonl'), join(folder, 'audit.pem')];
      expect(govern('audit', 'export', '--from', '2026-01-01T00:00:00Z', '--out', exported, '--public-key-out', key)).toMatch(/^exported \d+ sealed events/);
      const verifier = await buildAuditVerifier(join(folder, 'steward-audit-verify.mjs'));
      const checked = spawnSync(process.execPath, [verifier, exported, '--public-key', key, '--origin', auditEvidence.local.origin], { encoding: 'utf8' });
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
      expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true });
      // The event proved is in the export, as sealed.
      expect(readFileSync(exported, 'utf8')).toContain(`"logIndex":${proof.logIndex},`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names an altered record and its chain, through the API and the CLI', async () => {
    const original = await eventAt(3);
    await put({ ...original, after: { ...original.after, name: 'rewritten' } });
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 3, problem: 'altered' });
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
    expect(output).toContain(`AUDIT TRAIL BROKEN in ${chain} at record 3 (altered)`);
    await put(original);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a removed record, in the middle and at the end, and a removed head', async () => {
    const middle = await eventAt(4);
    await remove(auditEventKey(chain, 4));
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 4, problem: 'removed' });
    await put(middle);
    const last = await eventAt(6);
    await remove(auditEventKey(chain, 6));
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 6, problem: 'removed' });
    await put(last);
    const head = await get(chainHeadKey(chain));
    await remove(chainHeadKey(chain));
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 7, problem: 'removed' });
    await put(head);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names reordered records', async () => {
    const [two, three] = [await eventAt(2), await eventAt(3)];
    // Swap what the two keys hold, as a reorder of the trail would.
    await put({ ...three, pk: two.pk, sk: two.sk, gsi2sk: two.gsi2sk });
    await put({ ...two, pk: three.pk, sk: three.sk, gsi2sk: three.gsi2sk });
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 2, problem: 'reordered' });
    await put(two);
    await put(three);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('checks the single chain of old as it was, and names its altered record', async () => {
    const original = await get(legacyAuditKey(2));
    await put({ ...original, actor: 'mallory' });
    expect(await verify()).toMatchObject({ ok: false, chain: LEGACY_CHAIN, firstBadSeq: 2, problem: 'altered' });
    await put(original);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('raises no false alarm while changes are written as it checks', async () => {
    const others = Array.from({ length: 20 }, () => uniqueId('busy'));
    for (const id of others) await admin('POST', '/people', { body: personBody(id) });
    const writes = others.map((id) => admin('PATCH', `/people/${id}`, { body: { name: 'Busy' } }));
    const verdicts = await Promise.all([verify(), verify(), verify()]);
    const answers = await Promise.all(writes);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(verdicts).toEqual(verdicts.map(() => expect.objectContaining({ ok: true })));
    expect(await verify()).toMatchObject({ ok: true, events: 4 + 6 + 3 + 20 + 20, chains: 1 + 1 + 3 + 20 });
  });
  it('names the first event of a chain an insider rewrote and rehashed to its end, head and all, from the sealed evidence', async () => {
    await sealed(`${chain}#6`);
    const [fifth, sixth, head] = [await eventAt(5), await eventAt(6), await get(chainHeadKey(chain))];
    const { actor, actorRoles, action, entityType, entityId, before } = sixth as AuditEvent;
    const rewritten = sealEvent({ actor, actorRoles, action, entityType, entityId, before, after: { name: 'what it should have said' } }, 6, sixth.at, fifth.hash, sixth.changes);
    await put(auditItem(rewritten));
    await put({ ...head, hash: rewritten.hash });
    // Every chain still checks: only the seals see it.
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 6, problem: 'altered' });
    await put(sixth);
    await put(head);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names an inserted record that no commit wrote, even one chained and hashed as a real one', async () => {
    const last = await eventAt(6);
    const forged = sealEvent({ actor: 'mallory', actorRoles: ['admin'], action: 'person.updated', entityType: 'person', entityId: subject, after: { name: 'forged' } }, 7, new Date().toISOString(), last.hash);
    await put(auditItem(forged));
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 7, problem: 'inserted' });
    // The stream took the forged event to the sealer as it takes every new event: the evidence remembers it,
    // so taking it out again is seen too.
    await sealed(`${chain}#7`);
    await remove(auditEventKey(chain, 7));
    expect(await verify()).toMatchObject({ ok: false, chain, firstBadSeq: 7, problem: 'removed' });
  });

  it('names an attempt on the locked evidence by someone with the bucket\'s keys, who can add versions but not change or delete one', async () => {
    const s3 = new S3Client({ endpoint: cloud.urls.awsEndpoint, region: cloud.urls.region, credentials, forcePathStyle: true });
    const Bucket = auditEvidence.local.bucketName;
    const { Versions = [] } = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: 'checkpoints/' }));
    const first = Versions.at(-1)!;
    await expect(s3.send(new DeleteObjectCommand({ Bucket, Key: first.Key!, VersionId: first.VersionId! }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await s3.send(new PutObjectCommand({ Bucket, Key: first.Key!, Body: 'steward.local/audit\n0\nforged\n' }));
    expect(await verify()).toMatchObject({ ok: false, problem: 'overwritten', chain: SEALED_LOG });
  });
});
