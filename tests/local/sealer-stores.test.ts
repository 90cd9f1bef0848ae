import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLogStore } from '../../adapters/dynamodb/audit-log.ts';
import { RegistryTable } from '../../adapters/dynamodb/table.ts';
import { AUDIT_EVENT_DETAIL_TYPE, EventBridgeAuditFeed } from '../../adapters/eventbridge/audit-feed.ts';
import { KmsNoteSigner } from '../../adapters/kms/note-signer.ts';
import { S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import type { SealedLeaf, SealerContext } from '../../core/audit/ports.ts';
import { heartbeat, sealEvents, sealedKey } from '../../core/audit/sealer.ts';
import type { FunctionId } from '../../declarations/functions.ts';
import { registryTable } from '../../declarations/table.ts';
import { EventBridgeService } from '../../local/aws/events/service.ts';
import { KmsService } from '../../local/aws/kms/service.ts';
import { S3Service } from '../../local/aws/s3/service.ts';
import { ensureTables } from '../../local/dynamodb-tables.ts';
import { credentials, localClients } from '../support/clients.ts';
import { standaloneEndpoint } from '../support/endpoint.ts';
import { chainedEvents, checkSealedView, inChains } from '../support/sealer.ts';

/**
 * The sealer on the stores it runs on in AWS, over the wire: the log in a DynamoDB Local table of its own,
 * the evidence in the S3 twin's locked bucket, checkpoints signed by the KMS twin's key, the feed on the
 * EventBridge twin. The same promises the unit tier checks in memory, over random runs of batches,
 * redeliveries and sealers at once.
 */
const cloud = inject('localCloud');
const ORIGIN = 'steward.test/audit';
const BUCKET = 'steward-audit-evidence';
let dataDir: string;
let stopTwins: () => Promise<void>;
let clients: { s3: S3Client; kms: KMSClient; events: EventBridgeClient };
let keyArn: string;
const delivered: unknown[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-sealer-'));
  const s3 = new S3Service(dataDir);
  s3.ensureBucket({ name: BUCKET, objectLock: { mode: 'COMPLIANCE', days: 1 } });
  const kms = new KmsService(dataDir, 'us-east-1', '000000000000');
  keyArn = kms.ensureKey('alias/steward-audit', 'audit checkpoints');
  const rule = { name: 'siem', description: 'the company routes audit events to its SIEM', source: ['steward.audit'], detailType: [AUDIT_EVENT_DETAIL_TYPE], function: 'siem' as FunctionId };
  const events = new EventBridgeService({ rules: [rule], region: 'us-east-1', accountId: '000000000000', deliver: async (_fn, event) => void delivered.push(event) });
  const { endpoint, close } = await standaloneEndpoint('test sealer twins', { events, kms, s3 });
  const aws = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  clients = { s3: new S3Client({ ...aws, forcePathStyle: true }), kms: new KMSClient(aws), events: new EventBridgeClient(aws) };
  stopTwins = async () => {
    for (const client of Object.values(clients)) client.destroy();
    await close();
  };
});

afterAll(async () => {
  await stopTwins();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A sealer of its own: a fresh table, and its own folder of the bucket (the bucket is shared by the runs). */
async function sealerWorld() {
  const { dynamodb } = localClients(cloud);
  const tableName = `sealer-${randomUUID()}`;
  await ensureTables(dynamodb, [{ name: tableName, declaration: registryTable }]);
  const table = new RegistryTable({ client: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }), tableName });
  const prefix = `${tableName}/`;
  const evidence = new S3EvidenceStore({ client: clients.s3, bucket: BUCKET });
  const published: SealedLeaf[] = [];
  const feed = new EventBridgeAuditFeed({ client: clients.events });
  const ctx: SealerContext = {
    log: auditLogStore(table),
    evidence: { putOnce: (name, body) => evidence.putOnce(`${prefix}${name}`, body), read: (name) => evidence.read(`${prefix}${name}`) },
    signer: new KmsNoteSigner({ client: clients.kms, keyId: 'alias/steward-audit', name: ORIGIN }),
    feed: { publish: async (leaves) => (await feed.publish(leaves), void published.push(...leaves)) },
    origin: ORIGIN,
    now: () => new Date(),
  };
  const view = async () => {
    const objects = new Map<string, string>();
    let ContinuationToken: string | undefined;
    do {
      const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken }));
      for (const { Key } of page.Contents ?? []) objects.set(Key!.slice(prefix.length), await (await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString());
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    const head = await ctx.log.logHead();
    return { leaves: head ? await ctx.log.leaves(0, head.size) : [], head, objects, published, publicKey: await ctx.signer.publicKey(), origin: ORIGIN };
  };
  return { ctx, view, close: async () => void (await dynamodb.send(new DeleteTableCommand({ TableName: tableName }))) };
}

describe('the sealer on DynamoDB, S3, KMS and EventBridge', () => {
  it('seals, copies, signs and publishes, and a redelivery changes nothing', async () => {
    const world = await sealerWorld();
    const batch = chainedEvents(95);
    expect(await sealEvents(world.ctx, inChains(batch))).toMatchObject({ appended: 95, checkpoint: { size: 95 } });
    expect(await sealEvents(world.ctx, inChains(batch.slice(40)))).toEqual({ appended: 0 });
    expect(await heartbeat(world.ctx)).toEqual({ appended: 0 });
    await checkSealedView(await world.view(), batch);
    const { PublicKey } = await clients.kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    expect(Buffer.from(PublicKey!)).toEqual(await world.ctx.signer.publicKey());
    // The SIEM's rule got each sealed event, with what happened and no before or after image.
    const details = delivered.map((event) => (event as { detail: Record<string, unknown> }).detail).filter((d) => inChains(batch).some((e) => sealedKey(e) === d.key));
    expect(new Set(details.map((d) => d.key)).size).toBe(95);
    expect(details.every((d) => !('before' in d) && !('after' in d) && typeof d.action === 'string')).toBe(true);
    await world.close();
  });

  it('keeps its promises over random batches, redeliveries and two sealers at once', async () => {
    const all = chainedEvents(50);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(49), fc.integer({ min: 1, max: 30 }), fc.boolean()), { minLength: 1, maxLength: 5 }), async (runs) => {
        const world = await sealerWorld();
        const sealed = new Map<string, AuditEvent>();
        for (const [from, length, together] of runs) {
          const batch = all.slice(from, from + length);
          await Promise.all((together ? [batch, all.slice(Math.max(0, from - 5), from + 5)] : [batch]).map((b) => sealEvents(world.ctx, inChains(b)).then(() => inChains(b).forEach((e) => sealed.set(sealedKey(e), e.event)))));
        }
        await checkSealedView(await world.view(), [...sealed.values()]);
        await world.close();
      }),
      { numRuns: 6 },
    );
  });
});
