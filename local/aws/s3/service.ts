import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readJson, writeFileAtomic } from '../../files.ts';
import { AwsServiceError } from '../errors.ts';

/** A bucket the local cloud makes at start, as the stack declares it. */
export interface BucketSpec {
  name: string;
  /** Object Lock with a default retention (the bucket is then versioned, as S3 requires). */
  objectLock?: { mode: LockMode; days: number };
}

type LockMode = 'COMPLIANCE' | 'GOVERNANCE';

/** One version of a key: an object, or the delete marker a plain DELETE leaves in a versioned bucket. */
interface StoredVersion {
  versionId: string;
  key: string;
  lastModified: number;
  deleteMarker?: true;
  size?: number;
  etag?: string;
  contentType?: string;
  crc32?: string;
  lock?: { mode: LockMode; retainUntil: number };
}

interface BucketState {
  spec: BucketSpec;
  /** Every version, oldest first. */
  versions: StoredVersion[];
}

/** What the endpoint needs of an S3 request: its method, bucket, key, query and headers, and its body. */
export interface S3Request {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** An S3 answer: status, headers and an XML or object body. */
export interface S3Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** The S3 operation a request is, as IAM and the service name it. */
export function s3Operation(request: Pick<S3Request, 'method' | 'key' | 'query'>): string {
  const { method, key, query } = request;
  if (key === '') {
    if (method === 'GET' && query.has('versions')) return 'ListObjectVersions';
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    return `${method} bucket`;
  }
  if (query.has('retention')) return method === 'PUT' ? 'PutObjectRetention' : 'GetObjectRetention';
  return ({ PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' } as Record<string, string>)[method] ?? `${method} object`;
}

const MAX_KEYS = 1000;
const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (ms: number) => new Date(ms).toISOString();
const xml = (body: string): S3Answer => ({ status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });

/**
 * The subset of S3 the audit trail's evidence store uses, on S3's REST-XML protocol, path-style: PutObject
 * (with `If-None-Match: *`, Object Lock headers and the checksums the SDK sends), GetObject, HeadObject,
 * ListObjectsV2, ListObjectVersions, DeleteObject and PutObjectRetention, in versioned buckets with Object
 * Lock, with the refusals S3's Object Lock guide describes: a locked version cannot be deleted or its
 * retention shortened (COMPLIANCE: by no one; GOVERNANCE: only with the bypass header), while a plain DELETE
 * only adds a delete marker and an overwrite only adds a version, the locked one staying readable by its id.
 * Bodies are kept as files in the data folder.
 */
export class S3Service {
  private readonly root: string;
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.root = join(dataDir, 's3');
  }

  /** Makes a declared bucket, or loads it as a restart left it. */
  ensureBucket(spec: BucketSpec): void {
    const state = readJson<BucketState>(this.indexPath(spec.name), { spec, versions: [] });
    mkdirSync(join(this.root, spec.name, 'objects'), { recursive: true });
    this.buckets.set(spec.name, { ...state, spec });
    this.save(spec.name);
  }

  handle(request: S3Request): S3Answer {
    const bucket = this.buckets.get(request.bucket);
    if (!bucket) throw new AwsServiceError('NoSuchBucket', 'The specified bucket does not exist', 404);
    const operation = s3Operation(request);
    switch (operation) {
      case 'PutObject':
        return this.put(bucket, request);
      case 'GetObject':
      case 'HeadObject':
        return this.get(bucket, request, operation === 'HeadObject');
      case 'DeleteObject':
        return this.delete(bucket, request);
      case 'ListObjectsV2':
        return this.list(bucket, request.query);
      case 'ListObjectVersions':
        return this.listVersions(bucket, request.query);
      case 'PutObjectRetention':
        return this.putRetention(bucket, request);
      default:
        throw new AwsServiceError('NotImplemented', `A header or query you provided implies functionality that is not implemented (${operation}, locally).`, 501);
    }
  }

  private put(bucket: BucketState, request: S3Request): S3Answer {
    const { headers, body, key } = request;
    if (key.length > 1024) throw new AwsServiceError('KeyTooLongError', 'Your key is too long', 400);
    const current = this.latest(bucket, key);
    if (headers['if-none-match'] === '*' && current && !current.deleteMarker) throw new AwsServiceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    const checksum = crc32(body) >>> 0;
    const crcText = Buffer.from([checksum >>> 24, (checksum >>> 16) & 255, (checksum >>> 8) & 255, checksum & 255]).toString('base64');
    if (headers['x-amz-checksum-crc32'] !== undefined && headers['x-amz-checksum-crc32'] !== crcText) throw new AwsServiceError('BadDigest', 'The CRC32 you specified did not match the calculated checksum.', 400);
    const md5 = createHash('md5').update(body).digest();
    if (headers['content-md5'] !== undefined && headers['content-md5'] !== md5.toString('base64')) throw new AwsServiceError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
    const lock = this.lockOf(bucket, headers['x-amz-object-lock-mode'], headers['x-amz-object-lock-retain-until-date']);
    if (lock && headers['content-md5'] === undefined && !Object.keys(headers).some((name) => name.startsWith('x-amz-checksum-'))) {
      throw new AwsServiceError('InvalidRequest', 'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters', 400);
    }
    const version: StoredVersion = { versionId: randomBytes(16).toString('base64url'), key, lastModified: this.now(), size: body.length, etag: `"${md5.toString('hex')}"`, contentType: headers['content-type'] ?? 'application/octet-stream', crc32: crcText, ...(lock ? { lock } : {}) };
    writeFileAtomic(this.objectPath(bucket.spec.name, version.versionId), body);
    bucket.versions.push(version);
    this.save(bucket.spec.name);
    return { status: 200, headers: { etag: version.etag!, 'x-amz-version-id': version.versionId, 'x-amz-checksum-crc32': crcText } };
  }

  private get(bucket: BucketState, request: S3Request, headOnly: boolean): S3Answer {
    const versionId = request.query.get('versionId');
    const version = versionId === null ? this.latest(bucket, request.key) : bucket.versions.find((v) => v.key === request.key && v.versionId === versionId);
    if (!version) throw versionId === null ? new AwsServiceError('NoSuchKey', 'The specified key does not exist.', 404) : new AwsServiceError('NoSuchVersion', 'The specified version does not exist.', 404);
    if (version.deleteMarker) throw new AwsServiceError(versionId === null ? 'NoSuchKey' : 'MethodNotAllowed', versionId === null ? 'The specified key does not exist.' : 'The specified method is not allowed against this resource.', versionId === null ? 404 : 405);
    const headers: Record<string, string> = {
      'content-type': version.contentType!,
      'content-length': String(version.size),
      etag: version.etag!,
      'last-modified': new Date(version.lastModified).toUTCString(),
      'x-amz-version-id': version.versionId,
      ...(version.lock ? { 'x-amz-object-lock-mode': version.lock.mode, 'x-amz-object-lock-retain-until-date': iso(version.lock.retainUntil) } : {}),
    };
    return { status: 200, headers, body: headOnly ? undefined : readFileSync(this.objectPath(bucket.spec.name, version.versionId)) };
  }

  private delete(bucket: BucketState, request: S3Request): S3Answer {
    const versionId = request.query.get('versionId');
    if (versionId === null) {
      const marker: StoredVersion = { versionId: randomBytes(16).toString('base64url'), key: request.key, lastModified: this.now(), deleteMarker: true };
      bucket.versions.push(marker);
      this.save(bucket.spec.name);
      return { status: 204, headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId } };
    }
    const index = bucket.versions.findIndex((v) => v.key === request.key && v.versionId === versionId);
    if (index < 0) return { status: 204, headers: { 'x-amz-version-id': versionId } };
    const version = bucket.versions[index]!;
    this.refuseWhileLocked(version, request.headers);
    bucket.versions.splice(index, 1);
    if (!version.deleteMarker) rmSync(this.objectPath(bucket.spec.name, version.versionId), { force: true });
    this.save(bucket.spec.name);
    return { status: 204, headers: { 'x-amz-version-id': versionId, ...(version.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}) } };
  }

  private putRetention(bucket: BucketState, request: S3Request): S3Answer {
    const versionId = request.query.get('versionId');
    const version = versionId === null ? this.latest(bucket, request.key) : bucket.versions.find((v) => v.key === request.key && v.versionId === versionId);
    if (!version || version.deleteMarker) throw new AwsServiceError('NoSuchKey', 'The specified key does not exist.', 404);
    const text = request.body.toString('utf8');
    const lock = this.lockOf(bucket, /<Mode>([^<]*)<\/Mode>/.exec(text)?.[1], /<RetainUntilDate>([^<]*)<\/RetainUntilDate>/.exec(text)?.[1]);
    if (!lock) throw new AwsServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    // A lock can be lengthened by anyone allowed to; shortened or weakened only where GOVERNANCE is bypassed.
    if (version.lock && version.lock.retainUntil > this.now() && (lock.retainUntil < version.lock.retainUntil || (version.lock.mode === 'COMPLIANCE' && lock.mode !== 'COMPLIANCE'))) this.refuseWhileLocked(version, request.headers);
    version.lock = lock;
    this.save(bucket.spec.name);
    return { status: 200, headers: {} };
  }

  /** S3 refuses to delete or weaken a version under retention: always in COMPLIANCE, in GOVERNANCE without the bypass. */
  private refuseWhileLocked(version: StoredVersion, headers: S3Request['headers']): void {
    if (!version.lock || version.lock.retainUntil <= this.now()) return;
    if (version.lock.mode === 'GOVERNANCE' && headers['x-amz-bypass-governance-retention']?.toLowerCase() === 'true') return;
    throw new AwsServiceError('AccessDenied', 'Access Denied because object protected by object lock.', 403);
  }

  private lockOf(bucket: BucketState, mode: string | undefined, until: string | undefined): StoredVersion['lock'] {
    const declared = bucket.spec.objectLock;
    if (mode === undefined && until === undefined) return declared ? { mode: declared.mode, retainUntil: this.now() + declared.days * 86_400_000 } : undefined;
    if (!declared) throw new AwsServiceError('InvalidRequest', 'Bucket is missing Object Lock Configuration', 400);
    if (mode === undefined || until === undefined) throw new AwsServiceError('InvalidArgument', 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', 400);
    if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') throw new AwsServiceError('InvalidArgument', 'Unknown wormMode directive.', 400);
    const retainUntil = Date.parse(until);
    if (Number.isNaN(retainUntil) || retainUntil <= this.now()) throw new AwsServiceError('InvalidArgument', 'The retain until date must be in the future!', 400);
    return { mode, retainUntil };
  }

  private list(bucket: BucketState, query: URLSearchParams): S3Answer {
    const prefix = query.get('prefix') ?? '';
    const after = query.get('continuation-token') ? Buffer.from(query.get('continuation-token')!, 'base64url').toString() : (query.get('start-after') ?? '');
    const maxKeys = Math.min(MAX_KEYS, Number(query.get('max-keys') ?? MAX_KEYS));
    const keys = [...new Set(bucket.versions.map((v) => v.key))].filter((key) => key.startsWith(prefix) && key > after).sort();
    const live = keys.map((key) => this.latest(bucket, key)!).filter((v) => !v.deleteMarker);
    const page = live.slice(0, maxKeys);
    const truncated = live.length > maxKeys;
    const contents = page.map((v) => `<Contents><Key>${xmlEscape(v.key)}</Key><LastModified>${iso(v.lastModified)}</LastModified><ETag>${xmlEscape(v.etag!)}</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1)!.key).toString('base64url')}</NextContinuationToken>` : '';
    return xml(`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket.spec.name}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`);
  }

  private listVersions(bucket: BucketState, query: URLSearchParams): S3Answer {
    const prefix = query.get('prefix') ?? '';
    const keyMarker = query.get('key-marker') ?? '';
    const maxKeys = Math.min(MAX_KEYS, Number(query.get('max-keys') ?? MAX_KEYS));
    // Keys in order; each key's versions newest first, as S3 lists them.
    const all = [...bucket.versions].filter((v) => v.key.startsWith(prefix) && v.key > keyMarker).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.lastModified - a.lastModified || bucket.versions.indexOf(b) - bucket.versions.indexOf(a)));
    // A page ends at a key's last version, so the key marker alone carries on.
    let page = all.slice(0, maxKeys);
    const truncated = all.length > page.length;
    if (truncated) page = page.filter((v) => v.key !== all[maxKeys]!.key);
    if (truncated && page.length === 0) throw new AwsServiceError('NotImplemented', 'More versions of one key than max-keys: the local S3 pages by key only.', 501);
    const latestOf = new Map(page.map((v) => [v.key, this.latest(bucket, v.key)!.versionId]));
    const entries = page
      .map((v) => {
        const common = `<Key>${xmlEscape(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${latestOf.get(v.key) === v.versionId}</IsLatest><LastModified>${iso(v.lastModified)}</LastModified>`;
        return v.deleteMarker ? `<DeleteMarker>${common}</DeleteMarker>` : `<Version>${common}<ETag>${xmlEscape(v.etag!)}</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
      })
      .join('');
    const next = truncated ? `<NextKeyMarker>${xmlEscape(page.at(-1)!.key)}</NextKeyMarker>` : '';
    return xml(`<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket.spec.name}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyMarker>${xmlEscape(keyMarker)}</KeyMarker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${entries}${next}</ListVersionsResult>`);
  }

  private latest(bucket: BucketState, key: string): StoredVersion | undefined {
    return bucket.versions.findLast((v) => v.key === key);
  }

  private indexPath(name: string) {
    return join(this.root, name, 'index.json');
  }

  private objectPath(name: string, versionId: string) {
    return join(this.root, name, 'objects', versionId);
  }

  private save(name: string) {
    writeFileAtomic(this.indexPath(name), JSON.stringify(this.buckets.get(name)));
  }
}
