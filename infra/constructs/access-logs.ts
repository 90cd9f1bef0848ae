import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A bucket that receives another bucket's (or CloudFront's) access logs: private, SSL only, kept for `days`.
 * It logs nowhere itself, which cdk-nag is told with the reason.
 */
export function accessLogBucket(scope: Construct, options: { days: number; of: string }): Bucket {
  const logs = new Bucket(scope, 'AccessLogs', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // CloudFront's standard logs are delivered with an ACL.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(options.days) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: `This is the access-log bucket of ${options.of}; logging it to itself would loop.` });
  return logs;
}
