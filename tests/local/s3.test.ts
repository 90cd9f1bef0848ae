import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, NoSuchKey, PutObjectCommand, PutObjectRetentionCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Service, type BucketSpec } from '../../local/aws/s3/service.ts';
import { credentials } from '../support/clients.ts';
import { standaloneEndpoint } from '../support/endpoint.ts';

/**
 * The S3 twin over the wire, through the SDK's own client (path-style): the subset the audit evidence store
 * uses, and what Object Lock refuses to anyone who can write the bucket. A clock of the test's own lets a
 * retention run out.
 */
const DAY = 86_400_000;
const LOCKED: BucketSpec = { name: 'evidence', objectLock: { mode: 'COMPLIANCE', days: 30 } };
const GOVERNED: BucketSpec = { name: 'governed', objectLock: { mode: 'GOVERNANCE', days: 30 } };
const PLAIN: BucketSpec = { name: 'plain' };
let dataDir: string;
let clock = Date.parse('2026-12-03T12:00:00Z');
let s3: S3Client;
let stop: () => Promise<void>;

async function startTwin() {
  const service = new S3Service(dataDir, () => clock);
  for (const spec of [LOCKED, GOVERNED, PLAIN]) service.ensureBucket(spec);
  const { endpoint, close } = await standaloneEndpoint('test S3', { s3: service });
  const client = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  return { client, close: async () => (client.destroy(), await close()) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-s3-'));
  ({ client: s3, close: stop } = await startTwin());
});

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } });
const text = async (Bucket: string, Key: string, VersionId?: string) => (await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }))).Body!.transformToString();
const put = (Bucket: string, Key: string, Body: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) => s3.send(new PutObjectCommand({ Bucket, Key, Body, ...extra }));

describe('the S3 twin', () => {
  it('writes once under If-None-Match, locked by the bucket’s default or the request’s own retention', async () => {
    const first = await put('evidence', 'checkpoints/1.note', 'the first note', { IfNoneMatch: '*', ContentType: 'text/plain' });
    expect(first.VersionId).toBeTruthy();
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'evidence', Key: 'checkpoints/1.note' }));
    expect({ mode: head.ObjectLockMode, until: head.ObjectLockRetainUntilDate?.toISOString(), type: head.ContentType, size: head.ContentLength }).toEqual({ mode: 'COMPLIANCE', until: new Date(clock + 30 * DAY).toISOString(), type: 'text/plain', size: 14 });
    const again = await failure(put('evidence', 'checkpoints/1.note', 'another', { IfNoneMatch: '*' }));
    expect({ name: again?.name, status: again?.$metadata?.httpStatusCode }).toEqual({ name: 'PreconditionFailed', status: 412 });
    const until = new Date(clock + 365 * DAY);
    await put('evidence', 'leaves/0-9.jsonl', '{}', { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'evidence', Key: 'leaves/0-9.jsonl' }))).ObjectLockRetainUntilDate?.toISOString()).toBe(until.toISOString());
    expect(await text('evidence', 'checkpoints/1.note')).toBe('the first note');
  });

  it('keeps a locked version whatever a writer of the bucket does: an overwrite and a delete only add versions', async () => {
    const { VersionId: original } = await put('evidence', 'checkpoints/2.note', 'the true note');
    await put('evidence', 'checkpoints/2.note', 'a forged note');
    expect(await text('evidence', 'checkpoints/2.note')).toBe('a forged note');
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note' }));
    expect(deleted.DeleteMarker).toBe(true);
    expect(await failure(text('evidence', 'checkpoints/2.note'))).toBeInstanceOf(NoSuchKey);
    // Every version is still there, listed, and the original reads as it was written.
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'evidence', Prefix: 'checkpoints/2' }));
    expect(listed.Versions?.map((v) => v.VersionId)).toContain(original);
    expect(listed.Versions).toHaveLength(2);
    expect(listed.DeleteMarkers?.map((m) => m.IsLatest)).toEqual([true]);
    expect(await text('evidence', 'checkpoints/2.note', original)).toBe('the true note');
    // What Object Lock refuses: deleting the version, or shortening its retention, even with the bypass header.
    for (const attempt of [
      s3.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original })),
      s3.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original, BypassGovernanceRetention: true })),
      s3.send(new PutObjectRetentionCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(clock + DAY) } })),
      s3.send(new PutObjectRetentionCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(clock + 60 * DAY) } })),
    ]) {
      const refused = await failure(attempt);
      expect({ name: refused?.name, status: refused?.$metadata?.httpStatusCode }).toEqual({ name: 'AccessDenied', status: 403 });
    }
    expect(await text('evidence', 'checkpoints/2.note', original)).toBe('the true note');
    // Lengthening is allowed; once the retention has run out, the version can go.
    await s3.send(new PutObjectRetentionCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(clock + 40 * DAY) } }));
    clock += 41 * DAY;
    await s3.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: 'checkpoints/2.note', VersionId: original }));
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: 'evidence', Prefix: 'checkpoints/2' }))).Versions).toHaveLength(1);
  });

  it('lets GOVERNANCE be bypassed by the header, where COMPLIANCE cannot be', async () => {
    const { VersionId } = await put('governed', 'k', 'v');
    expect((await failure(s3.send(new DeleteObjectCommand({ Bucket: 'governed', Key: 'k', VersionId }))))?.name).toBe('AccessDenied');
    await s3.send(new DeleteObjectCommand({ Bucket: 'governed', Key: 'k', VersionId, BypassGovernanceRetention: true }));
    expect(await failure(text('governed', 'k'))).toBeInstanceOf(NoSuchKey);
  });

  it('lists keys a page at a time, without the deleted ones', async () => {
    for (const key of ['a', 'b', 'c', 'd', 'e']) await put('plain', `list/${key}`, key);
    await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'list/c', VersionId: (await s3.send(new HeadObjectCommand({ Bucket: 'plain', Key: 'list/c' }))).VersionId }));
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'plain', Prefix: 'list/', MaxKeys: 2, ContinuationToken }));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(keys).toEqual(['list/a', 'list/b', 'list/d', 'list/e']);
  });

  it("answers with S3's errors: a body that does not match its checksum, a lock on a bucket without Object Lock, no such bucket", async () => {
    expect((await failure(put('plain', 'x', 'body', { ChecksumCRC32: 'AAAAAA==' })))?.name).toBe('BadDigest');
    expect((await failure(put('plain', 'x', 'body', { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(clock + DAY) })))?.name).toBe('InvalidRequest');
    expect((await failure(put('evidence', 'x', 'body', { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(clock - DAY) })))?.name).toBe('InvalidArgument');
    expect((await failure(put('nowhere', 'x', 'body')))?.name).toBe('NoSuchBucket');
  });

  it('keeps objects, versions and locks across a restart', async () => {
    await stop();
    ({ client: s3, close: stop } = await startTwin());
    expect(await text('evidence', 'checkpoints/1.note')).toBe('the first note');
    expect((await failure(put('evidence', 'checkpoints/1.note', 'x', { IfNoneMatch: '*' })))?.name).toBe('PreconditionFailed');
  });
});
