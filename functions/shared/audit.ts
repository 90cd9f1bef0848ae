import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { auditStore } from '../../adapters/dynamodb/audit.ts';
import { auditLogStore } from '../../adapters/dynamodb/audit-log.ts';
import { RegistryTable } from '../../adapters/dynamodb/table.ts';
import { EventBridgeAuditFeed } from '../../adapters/eventbridge/audit-feed.ts';
import { KmsNoteSigner } from '../../adapters/kms/note-signer.ts';
import { S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import type { SealerContext, SealerTrail } from '../../core/audit/ports.ts';
import { registryTable } from '../../declarations/table.ts';
import { documentClient } from './clients.ts';
import { loadConfig } from './config.ts';

/** The sealer's stores, wired once per execution environment from the environment access.ts gives it. */
export function sealerContext(): SealerContext & { trail: SealerTrail } {
  const tableName = loadConfig({ [registryTable.envVar]: z.string().min(1) })[registryTable.envVar]!;
  const config = loadConfig({ AUDIT_BUCKET: z.string().min(3), AUDIT_SIGNING_KEY: z.string().min(1), AUDIT_ORIGIN: z.string().regex(/^\S+$/) });
  const table = new RegistryTable({ client: documentClient, tableName });
  return {
    log: auditLogStore(table),
    trail: auditStore(table),
    evidence: new S3EvidenceStore({ client: new S3Client({ forcePathStyle: true }), bucket: config.AUDIT_BUCKET }),
    // A checkpoint's signature line names the log, as signed notes of transparency logs do.
    signer: new KmsNoteSigner({ client: new KMSClient({}), keyId: config.AUDIT_SIGNING_KEY, name: config.AUDIT_ORIGIN }),
    feed: new EventBridgeAuditFeed({ client: new EventBridgeClient({}) }),
    origin: config.AUDIT_ORIGIN,
    now: () => new Date(),
  };
}
