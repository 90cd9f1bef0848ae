/**
 * The audit trail's evidence store, declared once: the stack's bucket and the local cloud's S3 twin lock every
 * object for the same retention, in COMPLIANCE mode (no one, root included, shortens or lifts it).
 */
export const auditEvidence = {
  /** Seven years (with their leap days), the default a stage may raise (StewardStackProps.auditRetentionDays). */
  retentionDays: 2557,
  lockMode: 'COMPLIANCE',
  /** The local cloud's bucket, key alias and log name. */
  local: { bucketName: 'steward-local-audit-evidence', keyAlias: 'alias/steward-local-audit-signing', origin: 'steward.local/audit' },
} as const;
