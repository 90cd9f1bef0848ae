import { createCipheriv, createDecipheriv, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AwsServiceError } from '../errors.ts';
import { loadOrCreateKey, readJson, writeFileAtomic } from '../../files.ts';

/**
 * A Secrets Manager twin for the operations Steward calls, following the service's documented behaviour:
 * staging labels (AWSCURRENT / AWSPENDING / AWSPREVIOUS), ClientRequestToken idempotency, scheduled deletion
 * and restore, and AWS's error codes. Secret values are encrypted at rest with AES-256-GCM under a key kept in
 * the data folder; the state file never holds a plaintext value.
 */

type Tag = { Key: string; Value: string };

interface StoredVersion {
  createdDate: number;
  stages: string[];
  kind: 'string' | 'binary';
  /**
   * base64(iv ‖ tag ‖ ciphertext), bound to the secret ARN and version id as associated data. Empty for the
   * version RotateSecret opens before the rotation function's createSecret step gives it a value.
   */
  sealed: string;
  lastAccessedDate?: number;
}

interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  createdDate: number;
  lastChangedDate: number;
  lastAccessedDate?: number;
  deletedDate?: number;
  deletionDate?: number;
  /** Insertion-ordered: oldest first. */
  versions: Record<string, StoredVersion>;
  rotation?: { lambdaArn: string; rules?: Record<string, unknown>; lastRotatedDate?: number };
}

/** Runs one step of a rotation function (the local cloud invokes the Lambda in-process); rejects when the step failed. */
export type RotationInvoker = (lambdaArn: string, event: { Step: string; SecretId: string; ClientRequestToken: string }) => Promise<void>;

const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
const PENDING = 'AWSPENDING';

type Request = Record<string, unknown>;

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
/** AWS keeps about 100 versions without a label before removing the oldest ones. */
const MAX_DEPRECATED_VERSIONS = 100;
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const invalidParameter = (message: string) => new AwsServiceError('InvalidParameterException', message);
const invalidRequest = (message: string) => new AwsServiceError('InvalidRequestException', message);
const notFound = (message = "Secrets Manager can't find the specified secret.") =>
  new AwsServiceError('ResourceNotFoundException', message);

function optionalString(request: Request, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be a string.`);
  return value;
}

function requiredString(request: Request, field: string): string {
  const value = optionalString(request, field);
  if (value === undefined || value === '') throw invalidParameter(`${field} is required.`);
  return value;
}

function optionalInteger(request: Request, field: string): number | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value)) throw invalidParameter(`${field} must be an integer.`);
  return value as number;
}

function tagsOf(request: Request): Tag[] {
  const tags = request.Tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')) {
    throw invalidParameter('Tags must be a list of {Key, Value} strings.');
  }
  return tags as Tag[];
}

export class SecretsManagerService {
  private readonly statePath: string;
  private readonly key: Buffer;
  private secrets: Record<string, StoredSecret>;

  constructor(
    dataDir: string,
    private readonly region: string,
    private readonly accountId: string,
    private readonly rotationInvoker?: RotationInvoker,
  ) {
    this.statePath = join(dataDir, 'secretsmanager', 'secrets.json');
    this.key = loadOrCreateKey(join(dataDir, 'secretsmanager', 'value-encryption.key'));
    this.secrets = readJson(this.statePath, {});
  }

  /** Dispatches one JSON 1.1 call; the operation is the `X-Amz-Target` suffix. */
  handle(operation: string, request: Request): unknown {
    switch (operation) {
      case 'CreateSecret':
        return this.createSecret(request);
      case 'DescribeSecret':
        return this.describeSecret(request);
      case 'GetSecretValue':
        return this.getSecretValue(request);
      case 'PutSecretValue':
        return this.putSecretValue(request);
      case 'UpdateSecretVersionStage':
        return this.updateSecretVersionStage(request);
      case 'ListSecretVersionIds':
        return this.listSecretVersionIds(request);
      case 'GetRandomPassword':
        return getRandomPassword(request);
      case 'TagResource':
        return this.tagResource(request);
      case 'UntagResource':
        return this.untagResource(request);
      case 'DeleteSecret':
        return this.deleteSecret(request);
      case 'RestoreSecret':
        return this.restoreSecret(request);
      case 'RotateSecret':
        return this.rotateSecret(request);
      default:
        throw new AwsServiceError('UnknownOperationException', `Operation ${operation} is not supported locally.`);
    }
  }

  private createSecret(request: Request) {
    const name = requiredString(request, 'Name');
    if (!NAME_PATTERN.test(name)) {
      throw invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    }
    const token = optionalString(request, 'ClientRequestToken') ?? randomUUID();
    const value = valueOf(request, false);
    const existing = Object.values(this.secrets).find((s) => s.name === name);
    if (existing) {
      this.purgeIfDue(existing);
      if (existing.deletedDate !== undefined) {
        throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
      }
      const version = existing.versions[token];
      if (value && version && this.sameValue(existing, token, version, value)) {
        return { ARN: existing.arn, Name: existing.name, VersionId: token };
      }
      throw new AwsServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const created = nowSeconds();
    const arn = `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${randomSuffix()}`;
    const secret: StoredSecret = {
      arn,
      name,
      description: optionalString(request, 'Description'),
      kmsKeyId: optionalString(request, 'KmsKeyId'),
      tags: tagsOf(request),
      createdDate: created,
      lastChangedDate: created,
      versions: {},
    };
    if (value) secret.versions[token] = this.seal(secret, token, value, [CURRENT]);
    this.secrets[arn] = secret;
    this.save();
    return { ARN: arn, Name: name, ...(value ? { VersionId: token } : {}) };
  }

  private describeSecret(request: Request) {
    const secret = this.find(request);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Description: secret.description,
      KmsKeyId: secret.kmsKeyId,
      RotationEnabled: secret.rotation !== undefined,
      RotationLambdaARN: secret.rotation?.lambdaArn,
      RotationRules: secret.rotation?.rules,
      LastRotatedDate: secret.rotation?.lastRotatedDate,
      CreatedDate: secret.createdDate,
      LastChangedDate: secret.lastChangedDate,
      LastAccessedDate: secret.lastAccessedDate,
      DeletedDate: secret.deletedDate,
      Tags: secret.tags,
      VersionIdsToStages: Object.fromEntries(
        Object.entries(secret.versions)
          .filter(([, v]) => v.stages.length > 0)
          .map(([id, v]) => [id, v.stages]),
      ),
    };
  }

  private getSecretValue(request: Request) {
    const secret = this.findLive(request);
    const versionId = optionalString(request, 'VersionId');
    const stage = optionalString(request, 'VersionStage') ?? (versionId ? undefined : CURRENT);
    const entry = versionId
      ? Object.entries(secret.versions).find(([id]) => id === versionId)
      : Object.entries(secret.versions).find(([, v]) => v.stages.includes(stage!));
    if (!entry || (stage && !entry[1].stages.includes(stage)) || entry[1].sealed === '') {
      throw notFound(
        versionId
          ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
          : `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
      );
    }
    const [id, version] = entry;
    const today = Math.floor(nowSeconds() / 86400) * 86400;
    secret.lastAccessedDate = today;
    version.lastAccessedDate = today;
    this.save();
    const plaintext = this.unseal(secret, id, version);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: id,
      VersionStages: version.stages,
      CreatedDate: version.createdDate,
      ...(version.kind === 'string' ? { SecretString: plaintext.toString('utf8') } : { SecretBinary: plaintext.toString('base64') }),
    };
  }

  private putSecretValue(request: Request) {
    const secret = this.findLive(request);
    const token = optionalString(request, 'ClientRequestToken') ?? randomUUID();
    if (token.length < 32 || token.length > 64) {
      throw invalidParameter('ClientRequestToken must be between 32 and 64 characters.');
    }
    const value = valueOf(request, true)!;
    const stagesRequested = request.VersionStages ?? [CURRENT];
    if (!Array.isArray(stagesRequested) || stagesRequested.some((s) => typeof s !== 'string' || s === '')) {
      throw invalidParameter('VersionStages must be a list of staging labels.');
    }
    const existing = secret.versions[token];
    if (existing?.sealed === '') {
      // The version a rotation opened: its createSecret step gives it its value, keeping its labels.
      secret.versions[token] = { ...this.seal(secret, token, value, []), stages: existing.stages };
      for (const stage of new Set(stagesRequested as string[])) this.attachStage(secret, stage, token);
      secret.lastChangedDate = nowSeconds();
      this.save();
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: secret.versions[token]!.stages };
    }
    if (existing) {
      if (!this.sameValue(secret, token, existing, value)) {
        throw new AwsServiceError(
          'ResourceExistsException',
          `A version with the ClientRequestToken ${token} already exists with a different value.`,
        );
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: existing.stages };
    }
    secret.versions[token] = this.seal(secret, token, value, []);
    for (const stage of new Set(stagesRequested as string[])) this.attachStage(secret, stage, token);
    this.pruneDeprecated(secret);
    secret.lastChangedDate = nowSeconds();
    this.save();
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: secret.versions[token]!.stages };
  }

  private updateSecretVersionStage(request: Request) {
    const secret = this.findLive(request);
    const stage = requiredString(request, 'VersionStage');
    const moveTo = optionalString(request, 'MoveToVersionId');
    const removeFrom = optionalString(request, 'RemoveFromVersionId');
    const holder = Object.entries(secret.versions).find(([, v]) => v.stages.includes(stage))?.[0];
    for (const id of [moveTo, removeFrom]) {
      if (id !== undefined && !secret.versions[id]) {
        throw invalidParameter(`The version ${id} doesn't exist in the secret.`);
      }
    }
    if (removeFrom !== undefined && holder !== removeFrom) {
      throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
    }
    if (moveTo !== undefined) {
      if (holder !== undefined && holder !== moveTo && removeFrom !== holder) {
        throw invalidParameter(
          `The staging label ${stage} is currently attached to version ${holder}, and you must specify RemoveFromVersionId to move it.`,
        );
      }
      this.attachStage(secret, stage, moveTo);
    } else if (removeFrom !== undefined) {
      if (stage === CURRENT) {
        throw invalidParameter('You can only move staging label AWSCURRENT to a different secret version. It can\'t be completely removed.');
      }
      const version = secret.versions[removeFrom]!;
      version.stages = version.stages.filter((s) => s !== stage);
    } else {
      throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
    }
    this.pruneDeprecated(secret);
    secret.lastChangedDate = nowSeconds();
    this.save();
    return { ARN: secret.arn, Name: secret.name };
  }

  /**
   * Turns rotation on (a Lambda and its rules) and, unless RotateImmediately is false, rotates now: a new
   * version labelled AWSPENDING, then the function's four steps in order, then AWSPENDING is cleared. AWS runs
   * the steps after answering; here the call answers once they ran, and a failed step is its error.
   */
  private async rotateSecret(request: Request) {
    const secret = this.findLive(request);
    const lambdaArn = optionalString(request, 'RotationLambdaARN') ?? secret.rotation?.lambdaArn;
    if (!lambdaArn) throw invalidRequest('No Lambda rotation function ARN is associated with this secret.');
    const rules = (request.RotationRules as Record<string, unknown> | undefined) ?? secret.rotation?.rules;
    secret.rotation = { ...secret.rotation, lambdaArn, rules };
    this.save();
    if (request.RotateImmediately === false) return { ARN: secret.arn, Name: secret.name };
    if (!this.rotationInvoker) throw invalidRequest('Rotation functions cannot run here.');
    const token = optionalString(request, 'ClientRequestToken') ?? randomUUID();
    const pending = Object.entries(secret.versions).find(([, v]) => v.stages.includes(PENDING))?.[0];
    if (pending !== undefined && pending !== token) throw invalidRequest('A previous rotation isn\'t complete. That rotation will be reattempted.');
    secret.versions[token] ??= { createdDate: nowSeconds(), stages: [], kind: 'string', sealed: '' };
    this.attachStage(secret, PENDING, token);
    this.save();
    for (const step of ROTATION_STEPS) {
      try {
        await this.rotationInvoker(lambdaArn, { Step: step, SecretId: secret.arn, ClientRequestToken: token });
      } catch (error) {
        throw invalidRequest(`Rotation step ${step} failed: ${(error as Error).message}`);
      }
    }
    const version = secret.versions[token]!;
    version.stages = version.stages.filter((label) => label !== PENDING);
    secret.rotation.lastRotatedDate = nowSeconds();
    this.save();
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  }

  private listSecretVersionIds(request: Request) {
    const secret = this.find(request);
    const includeDeprecated = request.IncludeDeprecated === true;
    const maxResults = optionalInteger(request, 'MaxResults') ?? 100;
    if (maxResults < 1 || maxResults > 100) throw invalidParameter('MaxResults must be between 1 and 100.');
    const all = Object.entries(secret.versions)
      .filter(([, v]) => includeDeprecated || v.stages.length > 0)
      .reverse();
    const start = decodePageToken(optionalString(request, 'NextToken'));
    const page = all.slice(start, start + maxResults);
    const next = start + maxResults < all.length ? encodePageToken(start + maxResults) : undefined;
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.map(([id, v]) => ({
        VersionId: id,
        VersionStages: v.stages,
        CreatedDate: v.createdDate,
        LastAccessedDate: v.lastAccessedDate,
      })),
      NextToken: next,
    };
  }

  private tagResource(request: Request) {
    const secret = this.findLive(request);
    const tags = tagsOf(request);
    secret.tags = [...secret.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    this.save();
    return {};
  }

  private untagResource(request: Request) {
    const secret = this.findLive(request);
    const keys = request.TagKeys;
    if (!Array.isArray(keys)) throw invalidParameter('TagKeys must be a list of strings.');
    secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
    this.save();
    return {};
  }

  private deleteSecret(request: Request) {
    const secret = this.find(request);
    const window = optionalInteger(request, 'RecoveryWindowInDays');
    const force = request.ForceDeleteWithoutRecovery === true;
    if (force && window !== undefined) {
      throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    if (window !== undefined && (window < 7 || window > 30)) {
      throw invalidParameter('RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const now = nowSeconds();
    if (force) {
      delete this.secrets[secret.arn];
      this.save();
      return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
    }
    if (secret.deletedDate !== undefined) {
      throw invalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
    }
    secret.deletedDate = now;
    secret.deletionDate = now + (window ?? 30) * 86400;
    this.save();
    return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletionDate };
  }

  private restoreSecret(request: Request) {
    const secret = this.find(request);
    delete secret.deletedDate;
    delete secret.deletionDate;
    this.save();
    return { ARN: secret.arn, Name: secret.name };
  }

  /** Resolves SecretId given as a name, a full ARN or an ARN without its random suffix. */
  private find(request: Request): StoredSecret {
    const id = requiredString(request, 'SecretId');
    const secret =
      this.secrets[id] ??
      Object.values(this.secrets).find((s) => s.name === id || s.arn.slice(0, -7) === id);
    if (!secret || this.purgeIfDue(secret)) throw notFound();
    return secret;
  }

  private findLive(request: Request): StoredSecret {
    const secret = this.find(request);
    if (secret.deletedDate !== undefined) {
      throw invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }
    return secret;
  }

  /** Removes a secret whose recovery window has passed; true when it did. */
  private purgeIfDue(secret: StoredSecret): boolean {
    if (secret.deletionDate === undefined || secret.deletionDate > nowSeconds()) return false;
    delete this.secrets[secret.arn];
    this.save();
    return true;
  }

  /** Moves a label onto a version; moving AWSCURRENT leaves AWSPREVIOUS on the version that had it. */
  private attachStage(secret: StoredSecret, stage: string, versionId: string): void {
    const previousHolder = Object.entries(secret.versions).find(([, v]) => v.stages.includes(stage))?.[0];
    if (previousHolder === versionId) return;
    for (const version of Object.values(secret.versions)) version.stages = version.stages.filter((s) => s !== stage);
    secret.versions[versionId]!.stages.push(stage);
    if (stage === CURRENT && previousHolder !== undefined) this.attachStage(secret, PREVIOUS, previousHolder);
  }

  private pruneDeprecated(secret: StoredSecret): void {
    const deprecated = Object.entries(secret.versions).filter(([, v]) => v.stages.length === 0);
    for (const [id] of deprecated.slice(0, Math.max(0, deprecated.length - MAX_DEPRECATED_VERSIONS))) {
      delete secret.versions[id];
    }
  }

  private seal(secret: StoredSecret, versionId: string, value: SecretValue, stages: string[]): StoredVersion {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${secret.arn}\n${versionId}`));
    const ciphertext = Buffer.concat([cipher.update(value.bytes), cipher.final()]);
    return {
      createdDate: nowSeconds(),
      stages,
      kind: value.kind,
      sealed: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64'),
    };
  }

  private unseal(secret: StoredSecret, versionId: string, version: StoredVersion): Buffer {
    const raw = Buffer.from(version.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${secret.arn}\n${versionId}`));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    } catch {
      throw new AwsServiceError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    }
  }

  private sameValue(secret: StoredSecret, versionId: string, version: StoredVersion, value: SecretValue): boolean {
    return version.kind === value.kind && this.unseal(secret, versionId, version).equals(value.bytes);
  }

  private save(): void {
    writeFileAtomic(this.statePath, JSON.stringify(this.secrets));
  }
}

interface SecretValue {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

function valueOf(request: Request, required: boolean): SecretValue | undefined {
  const text = optionalString(request, 'SecretString');
  const binary = optionalString(request, 'SecretBinary');
  if (text !== undefined && binary !== undefined) {
    throw invalidParameter('You must provide either SecretString or SecretBinary, but not both.');
  }
  if (text !== undefined) return { kind: 'string', bytes: Buffer.from(text, 'utf8') };
  if (binary !== undefined) return { kind: 'binary', bytes: Buffer.from(binary, 'base64') };
  if (required) throw invalidParameter('You must provide either SecretString or SecretBinary.');
  return undefined;
}

function randomSuffix(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 6 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

const encodePageToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64');

function decodePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // fall through to the error AWS gives for a token it did not issue
  }
  throw new AwsServiceError('InvalidNextTokenException', 'The NextToken value is invalid.');
}

/** GetRandomPassword with AWS's defaults: 32 characters, every class, each included class at least once. */
export function getRandomPassword(request: Request) {
  const length = optionalInteger(request, 'PasswordLength') ?? 32;
  if (length < 1 || length > 4096) throw invalidParameter('PasswordLength must be between 1 and 4096.');
  const excluded = new Set(optionalString(request, 'ExcludeCharacters') ?? '');
  const classes = [
    request.ExcludeLowercase === true ? '' : 'abcdefghijklmnopqrstuvwxyz',
    request.ExcludeUppercase === true ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    request.ExcludeNumbers === true ? '' : '0123456789',
    request.ExcludePunctuation === true ? '' : PUNCTUATION,
    request.IncludeSpace === true ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(''))
    .filter((chars) => chars.length > 0);
  if (classes.length === 0) throw invalidParameter('The password options exclude every character.');
  const requireEach = request.RequireEachIncludedType !== false;
  if (requireEach && length < classes.length) {
    throw invalidParameter(`PasswordLength must be at least ${classes.length} to include each character type.`);
  }
  const pool = classes.join('');
  const chars = Array.from({ length }, () => pool[randomInt(pool.length)]!);
  if (requireEach) {
    // Put one character of each class at distinct random positions, then the rest stays uniformly random.
    const positions = new Set<number>();
    while (positions.size < classes.length) positions.add(randomInt(length));
    [...positions].forEach((position, i) => {
      const chosen = classes[i]!;
      chars[position] = chosen[randomInt(chosen.length)]!;
    });
  }
  return { RandomPassword: chars.join('') };
}
