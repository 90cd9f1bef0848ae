import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { auditStore } from '../../adapters/dynamodb/audit.ts';
import { auditLogStore } from '../../adapters/dynamodb/audit-log.ts';
import { RegistryTable } from '../../adapters/dynamodb/table.ts';
import { EventBridgeAuditFeed } from '../../adapters/eventbridge/audit-feed.ts';
import { KmsNoteSigner } from '../../adapters/kms/note-signer.ts';
import { S3EvidenceReader, S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import type { SealCheck, SealerContext, SealerTrail } from '../../core/audit/ports.ts';
import { registryTable } from '../../declarations/table.ts';
import { documentClient } from './clients.ts';
import { loadConfig } from './config.ts';

const evidenceConfig = () => loadConfig({ AUDIT_BUCKET: z.string().min(3), AUDIT_SIGNING_KEY: z.string().min(1), AUDIT_ORIGIN: z.string().regex(/^\S+$/) });

/** S3 on AWS and the local endpoint alike; the local endpoint serves path-style only. */
const s3Client = () => new S3Client({ forcePathStyle: true });

/** The evidence as verification reads it: every version in the locked bucket, and the signing key's public half. */
export function sealCheck(): SealCheck {
  const config = evidenceConfig();
  const signer = new KmsNoteSigner({ client: new KMSClient({}), keyId: config.AUDIT_SIGNING_KEY, name: config.AUDIT_ORIGIN });
  return { reader: new S3EvidenceReader({ client: s3Client(), bucket: config.AUDIT_BUCKET }), publicKey: () => signer.publicKey(), origin: config.AUDIT_ORIGIN };
}

/** The sealer's stores, wired once per execution environment from the environment access.ts gives it. */
export function sealerContext(): SealerContext & { trail: SealerTrail } {
  const tableName = loadConfig({ [registryTable.envVar]: z.string().min(1) })[registryTable.envVar]!;
  const config = evidenceConfig();
  const table = new RegistryTable({ client: documentClient, tableName });
  return {
    log: auditLogStore(table),
    trail: auditStore(table),
    evidence: new S3EvidenceStore({ client: s3Client(), bucket: config.AUDIT_BUCKET }),
    // A checkpoint's signature line names the log, as signed notes of transparency logs do.
    signer: new KmsNoteSigner({ client: new KMSClient({}), keyId: config.AUDIT_SIGNING_KEY, name: config.AUDIT_ORIGIN }),
    feed: new EventBridgeAuditFeed({ client: new EventBridgeClient({}) }),
    origin: config.AUDIT_ORIGIN,
    now: () => new Date(),
  };
}
