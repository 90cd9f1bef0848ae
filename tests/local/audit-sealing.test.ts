import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEventKey, sealedMarkKey } from '../../adapters/dynamodb/registry-keys.ts';
import { verifyCheckpoint } from '../../core/audit/checkpoint.ts';
import type { SealedLeaf } from '../../core/audit/ports.ts';
import { auditEvidence } from '../../declarations/audit.ts';
import { callerAs, ok, personBody, uniqueId, type Caller } from '../support/api.ts';
import { assertLoopback, credentials, eventually, localClients } from '../support/clients.ts';

/**
 * The sealer as it runs: the registry's stream, read by the local event source mapping, delivers each new
 * audit event to the sealer's bundle, which seals it into the log, copies it to the locked bucket and signs a
 * checkpoint with the KMS key; the hourly schedule runs its heartbeat. Everything over the wire.
 */
const cloud = inject('localCloud');
const { bucketName, keyAlias, origin } = auditEvidence.local;
let admin: Caller;
let s3: S3Client;
let kms: KMSClient;
let documents: ReturnType<typeof localClients>['documents'];

beforeAll(async () => {
  admin = await callerAs(cloud, 'sealing-admin', ['admin', 'hr']);
  const aws = { endpoint: assertLoopback(cloud.awsEndpoint), region: cloud.region, credentials };
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  kms = new KMSClient(aws);
  documents = localClients(cloud).documents;
});

const text = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }))).Body!.transformToString();

async function checkpointsFrom(after?: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: 'checkpoints/', ContinuationToken: token, StartAfter: after }));
    names.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return names;
}

describe('the audit sealer on the local cloud', () => {
  it('seals a change into the log, the locked bucket and a checkpoint signed by the KMS key, from the stream', async () => {
    const id = uniqueId('sealed');
    await ok(admin('POST', '/people', { body: personBody(id) }));
    const chain = `person/${id}`;
    const mark = await eventually(async () => (await documents.send(new GetCommand({ TableName: cloud.registryTable, Key: sealedMarkKey(`${chain}#1`) }))).Item, 'the event sealed');
    const event = (await documents.send(new GetCommand({ TableName: cloud.registryTable, Key: auditEventKey(chain, 1) }))).Item!;
    const logIndex = mark.logIndex as number;

    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyAlias }));
    const covering = await eventually(async () => {
      for (const name of (await checkpointsFrom()).reverse()) {
        const verdict = verifyCheckpoint(await text(name), Buffer.from(PublicKey!), origin);
        if (!verdict.ok) throw new Error(`${name}: ${verdict.problem}`);
        if (verdict.checkpoint.size > logIndex) return verdict.checkpoint;
      }
      return undefined;
    }, 'a signed checkpoint that covers the event');
    expect(covering.size).toBeGreaterThan(logIndex);

    const bundles = (await s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: 'leaves/' }))).Contents!.map((object) => object.Key!);
    const holding = bundles.find((name) => {
      const [from, to] = /(\d{20})-(\d{20})/.exec(name)!.slice(1).map(Number);
      return from! <= logIndex && logIndex < to!;
    });
    const copied = (await text(holding!)).split('\n').filter(Boolean).map((line) => JSON.parse(line) as SealedLeaf).find((leaf) => leaf.logIndex === logIndex)!;
    expect(copied).toMatchObject({ key: `${chain}#1`, event: { hash: event.hash, entityId: id, action: event.action } });
  });

  it('runs the hourly heartbeat on its schedule: the sealer reads the trail itself and finds nothing left unsealed', async () => {
    const response = await fetch(`${cloud.awsEndpoint}/_steward/schedules/audit-heartbeat/fire`, { method: 'POST', body: '{}' });
    const { result } = (await response.json()) as { result: { ok: boolean; payload: { appended: number } } };
    expect(result).toMatchObject({ ok: true });
    expect(result.payload.appended).toBeGreaterThanOrEqual(0);
  });
});
