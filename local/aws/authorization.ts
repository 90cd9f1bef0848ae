import type { Authorization, LocalIam } from './iam.ts';

/**
 * What each call asks IAM for, per AWS's service authorization reference: the action an operation needs and
 * the ARN of the resource it acts on (with the condition keys the service puts in the request context). A
 * request that names no valid resource asks for `*`; the service then answers with its own error.
 */
type Request = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export interface ResourceResolvers {
  /** A secret's ARN from a name, full or partial ARN; undefined when there is no such secret. */
  secretArn(secretId: string): string | undefined;
  /** The state machine whose execution issued a task token. */
  stateMachineOfToken(token: string): string | undefined;
  /** A KMS key's ARN from its id, ARN, alias name or alias ARN; undefined when there is no such key. */
  kmsKeyArn(keyId: string): string | undefined;
}

/** KMS authorizes a key's use on the key's ARN, whichever name the request used; CreateKey on `*`. */
export function kmsAuthorizations(resolve: ResourceResolvers, operation: string, request: Request): Authorization[] {
  const action = `kms:${operation}`;
  if (operation === 'CreateKey') return [{ action, resource: '*' }];
  const keyId = text(request.KeyId) ?? text(request.TargetKeyId);
  return [{ action, resource: (keyId && resolve.kmsKeyArn(keyId)) ?? '*' }];
}

export function secretsManagerAuthorizations(iam: LocalIam, resolve: ResourceResolvers, operation: string, request: Request): Authorization[] {
  const action = `secretsmanager:${operation}`;
  if (operation === 'GetRandomPassword') return [{ action, resource: '*' }];
  const id = text(request.SecretId) ?? text(request.Name);
  const resource = id === undefined ? '*' : (resolve.secretArn(id) ?? (id.startsWith('arn:') ? id : iam.arn('secretsmanager', `secret:${id}`)));
  const rotationFunction = operation === 'RotateSecret' ? text(request.RotationLambdaARN) : undefined;
  // RotateSecret with a rotation function also needs the right to invoke that function.
  return [{ action, resource }, ...(rotationFunction ? [{ action: 'lambda:InvokeFunction', resource: rotationFunction }] : [])];
}

export function stepFunctionsAuthorizations(resolve: ResourceResolvers, operation: string, request: Request): Authorization[] {
  const action = `states:${operation}`;
  if (operation.startsWith('SendTask')) return [{ action, resource: resolve.stateMachineOfToken(text(request.taskToken) ?? '') ?? '*' }];
  const resource = text(request.executionArn) ?? text(request.stateMachineArn) ?? '*';
  return [{ action, resource }];
}

export function eventBridgeAuthorizations(iam: LocalIam, operation: string, request: Request): Authorization[] {
  const buses = Array.isArray(request.Entries) ? request.Entries.map((entry) => text((entry as Request).EventBusName) ?? 'default') : ['default'];
  return [...new Set(buses)].map((bus) => ({ action: `events:${operation}`, resource: bus.startsWith('arn:') ? bus : iam.arn('events', `event-bus/${bus}`) }));
}

/** SES v2 SendEmail is authorized on the sending identity (the address's domain, as Steward verifies domains). */
export function sesAuthorizations(iam: LocalIam, identityOf: (address: string) => string, method: string, path: string, request: Request): Authorization[] {
  if (method === 'POST' && path === '/v2/email/outbound-emails') {
    const from = text(request.FromEmailAddress) ?? '';
    const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
    return [{ action: 'ses:SendEmail', resource: iam.arn('ses', `identity/${identityOf(address)}`), context: { 'ses:FromAddress': address } }];
  }
  return [{ action: `ses:${path.split('/')[3] ?? 'Unknown'}`, resource: '*' }];
}

/** DynamoDB: each table (or index) a call touches, with the action each part of a transaction or batch needs. */
export function dynamoDbAuthorizations(iam: LocalIam, operation: string, request: Request): Authorization[] {
  const table = (name: unknown, index?: unknown) => iam.arn('dynamodb', `table/${String(name)}${typeof index === 'string' ? `/index/${index}` : ''}`);
  const items = (request.TransactItems ?? []) as Record<string, Request>[];
  switch (operation) {
    case 'TransactWriteItems': {
      const actions: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
      return items.flatMap((item) => Object.entries(item).map(([kind, part]) => ({ action: `dynamodb:${actions[kind] ?? kind}`, resource: table(part.TableName) })));
    }
    case 'TransactGetItems':
      return items.map((item) => ({ action: 'dynamodb:GetItem', resource: table(item.Get?.TableName) }));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((request.RequestItems ?? {}) as Request).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
    default:
      return [{ action: `dynamodb:${operation}`, resource: request.TableName === undefined ? '*' : table(request.TableName, request.IndexName) }];
  }
}

/**
 * S3 authorizes object calls on `arn:aws:s3:::bucket/key` and list calls on the bucket, with the action the
 * service authorization reference gives each (a version named asks for the `*Version` action; Object Lock
 * headers on a put also ask for `s3:PutObjectRetention`; a governance bypass for `s3:BypassGovernanceRetention`).
 */
export function s3Authorizations(operation: string, request: { bucket: string; key: string; query: URLSearchParams; headers: Record<string, string | undefined> }): Authorization[] {
  const bucket = `arn:aws:s3:::${request.bucket}`;
  const object = `${bucket}/${request.key}`;
  const versioned = request.query.has('versionId');
  const bypass = request.headers['x-amz-bypass-governance-retention']?.toLowerCase() === 'true' ? [{ action: 's3:BypassGovernanceRetention', resource: object }] : [];
  switch (operation) {
    case 'ListObjectsV2':
      return [{ action: 's3:ListBucket', resource: bucket }];
    case 'ListObjectVersions':
      return [{ action: 's3:ListBucketVersions', resource: bucket }];
    case 'PutObject':
      return [{ action: 's3:PutObject', resource: object }, ...(request.headers['x-amz-object-lock-mode'] !== undefined ? [{ action: 's3:PutObjectRetention', resource: object }] : [])];
    case 'GetObject':
    case 'HeadObject':
      return [{ action: versioned ? 's3:GetObjectVersion' : 's3:GetObject', resource: object }];
    case 'DeleteObject':
      return [{ action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: object }, ...bypass];
    case 'PutObjectRetention':
      return [{ action: 's3:PutObjectRetention', resource: object }, ...bypass];
    default:
      return [{ action: `s3:${operation}`, resource: bucket }];
  }
}
