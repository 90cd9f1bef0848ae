import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EvidenceStore } from '../../core/audit/ports.ts';

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
