import { GetObjectCommand, ListObjectVersionsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EvidenceObject, EvidenceReader, EvidenceStore } from '../../core/audit/ports.ts';

/**
 * The audit evidence in an S3 bucket with Object Lock (COMPLIANCE, the bucket's default retention): each
 * object written once (`If-None-Match: *`), so a repeat of a write leaves the first as it was, and neither
 * Steward nor anyone with the bucket's keys can replace or delete a locked version until its retention ends.
 */
export class S3EvidenceStore implements EvidenceStore {
  constructor(private readonly options: { client: S3Client; bucket: string }) {}

  async putOnce(name: string, body: string) {
    try {
      await this.options.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: name, Body: body, ContentType: name.endsWith('.jsonl') ? 'application/x-ndjson' : 'text/plain; charset=utf-8', IfNoneMatch: '*', ChecksumAlgorithm: 'CRC32' }));
    } catch (error) {
      // There already: what was written first stays, which is the point.
      if ((error as Error).name !== 'PreconditionFailed') throw error;
    }
  }

  async read(name: string) {
    try {
      const { Body } = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: name }));
      return await Body!.transformToString();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

/**
 * The evidence bucket as a verifier reads it: every version of every object (ListObjectVersions), since under
 * Object Lock an overwrite or a delete adds a version or a delete marker and the first version stays.
 */
export class S3EvidenceReader implements EvidenceReader {
  constructor(private readonly options: { client: S3Client; bucket: string }) {}

  async list(prefix: string): Promise<EvidenceObject[]> {
    const byName = new Map<string, { versions: { id: string; at: number }[]; deleted: boolean }>();
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await this.options.client.send(new ListObjectVersionsCommand({ Bucket: this.options.bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
      for (const version of page.Versions ?? []) {
        const entry = byName.get(version.Key!) ?? { versions: [], deleted: false };
        entry.versions.push({ id: version.VersionId!, at: version.LastModified?.getTime() ?? 0 });
        byName.set(version.Key!, entry);
      }
      for (const marker of page.DeleteMarkers ?? []) {
        const entry = byName.get(marker.Key!) ?? { versions: [], deleted: false };
        entry.deleted ||= marker.IsLatest === true;
        byName.set(marker.Key!, entry);
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    // S3 lists a key's versions newest first; the first written is the one Object Lock keeps as it was.
    return [...byName]
      .filter(([, entry]) => entry.versions.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, entry]) => ({ name, versions: entry.versions.reverse().map((v) => v.id), deleted: entry.deleted }));
  }

  async readVersion(name: string, versionId: string) {
    const { Body } = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: name, VersionId: versionId }));
    return Body!.transformToString();
  }
}
