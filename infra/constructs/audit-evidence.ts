import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { accessLogBucket } from './access-logs.ts';
import { Construct } from 'constructs';
import { auditEvidence } from '../../declarations/audit.ts';

export interface AuditEvidenceProps {
  readonly retentionDays: number;
}

/**
 * Where the audit trail becomes evidence: a bucket with Object Lock in COMPLIANCE mode (every version of every
 * object kept for the retention; nobody, the account's root included, can delete it or shorten its lock), and
 * the asymmetric key that signs the log's checkpoints, which only the sealer's role may use to sign.
 */
export class AuditEvidence extends Construct {
  readonly bucket: Bucket;
  readonly signingKey: Key;

  constructor(scope: Construct, id: string, props: AuditEvidenceProps) {
    super(scope, id);
    const logs = accessLogBucket(this, { days: props.retentionDays, of: 'the audit evidence' });
    this.bucket = new Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: auditEvidence.lockMode === 'COMPLIANCE' ? ObjectLockRetention.compliance(Duration.days(props.retentionDays)) : ObjectLockRetention.governance(Duration.days(props.retentionDays)),
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.signingKey = new Key(this, 'SigningKey', {
      description: 'Signs the Steward audit log checkpoints (ECDSA P-256); only the sealer signs',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The key policy's word on signing: nobody but this role signs with the key, whatever an IAM policy of the
   * account grants (the key policy lets the account administer the key, as every KMS key's default does).
   */
  signOnlyAs(role: IRole) {
    this.signingKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheSealerSigns',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
      }),
    );
  }
}
