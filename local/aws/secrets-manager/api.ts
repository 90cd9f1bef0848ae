import { randomInt, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../errors.ts';
import { LIMITS, booleanMember, checkLength, integerMember, stringListMember, stringMember, tagsMember, type Request } from './constraints.ts';
import { rotationRulesOf } from './rotation-rules.ts';
import { DEFAULT_ROTATION_RETRY, SecretRotations, type RotationInvoker, type RotationOutcome, type RotationRetryOptions } from './rotations.ts';
import { attachStage, CURRENT, holderOf, nowSeconds, PENDING, pruneDeprecated, SecretStore, type SecretValue, type StoredSecret } from './store.ts';

/**
 * A Secrets Manager twin for the operations Steward calls, following the API reference: staging labels
 * (AWSCURRENT / AWSPENDING / AWSPREVIOUS), ClientRequestToken idempotency, rotation as an asynchronous process
 * that is reattempted when a step fails, scheduled deletion and restore, the model's input constraints and
 * AWS's error codes. This file is the API (validation, errors, paging); secrets and their sealed values are
 * kept by store.ts, and rotations run in the background in rotations.ts.
 */

export interface SecretsManagerOptions {
  /** How a failed rotation is reattempted; AWS documents no numbers, so DEFAULT_ROTATION_RETRY unless set. */
  rotationRetry?: Partial<RotationRetryOptions>;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;
const PREVIOUS_ROTATION_NOT_COMPLETE = "A previous rotation isn't complete. That rotation will be reattempted.";

const invalidParameter = (message: string) => new AwsServiceError('InvalidParameterException', message);
const invalidRequest = (message: string) => new AwsServiceError('InvalidRequestException', message);
const notFound = (message = "Secrets Manager can't find the specified secret.") =>
  new AwsServiceError('ResourceNotFoundException', message);

const secretIdOf = (request: Request) => stringMember(request, 'SecretId', { required: true, length: LIMITS.secretId });

/**
 * The version id a call creates. AWS requires it from raw HTTP callers ("If you generate a raw HTTP request to
 * the Secrets Manager service endpoint, then you must generate a ClientRequestToken"); every SDK sends one.
 * The twin fills one in rather than refuse, because the local cloud itself calls `handle` without one.
 */
const clientRequestTokenOf = (request: Request) => stringMember(request, 'ClientRequestToken', { length: LIMITS.clientRequestToken }) ?? randomUUID();

export class SecretsManagerService {
  private readonly store: SecretStore;
  private readonly rotations: SecretRotations;

  constructor(
    dataDir: string,
    private readonly region: string,
    private readonly accountId: string,
    rotationInvoker?: RotationInvoker,
    options: SecretsManagerOptions = {},
  ) {
    this.store = new SecretStore(dataDir);
    this.rotations = new SecretRotations(this.store, { ...DEFAULT_ROTATION_RETRY, ...options.rotationRetry }, rotationInvoker);
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

  /**
   * Resolves when the rotation RotateSecret started on this secret (name or ARN) has ended: rotated, failed
   * after its last reattempt, or suspended by close(). Resolves at once with the last outcome (undefined if
   * none) when nothing is in flight. For tests and local tooling; AWS has no such call.
   */
  rotationSettled(secretId: string): Promise<RotationOutcome | undefined> {
    const secret = this.store.lookup(secretId);
    return secret ? this.rotations.settled(secret.arn) : Promise.resolve(undefined);
  }

  /** Cancels waiting rotation attempts and waits for running ones; call it when the local cloud stops. */
  close(): Promise<void> {
    return this.rotations.close();
  }

  private createSecret(request: Request) {
    const name = stringMember(request, 'Name', { required: true, length: LIMITS.name });
    if (!NAME_PATTERN.test(name)) {
      // AWS answers this one as ValidationException too, with this wording.
      throw new AwsServiceError('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    }
    const token = clientRequestTokenOf(request);
    const description = stringMember(request, 'Description', { length: LIMITS.description });
    const kmsKeyId = stringMember(request, 'KmsKeyId', { length: LIMITS.kmsKeyId });
    const tags = tagsMember(request, 'Tags') ?? [];
    const value = valueOf(request, false);
    // A name is never an ARN (it has no colon), so this finds the secret by its name alone.
    const existing = this.store.lookup(name);
    if (existing) {
      if (existing.deletedDate !== undefined) {
        throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
      }
      // "If a version with this value already exists and the version SecretString and SecretBinary values are
      // the same as those in the request, then the request is ignored."
      const version = existing.versions[token];
      if (value && version && version.sealed !== '' && this.store.sameValue(existing, token, version, value)) {
        return { ARN: existing.arn, Name: existing.name, VersionId: token };
      }
      throw new AwsServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const created = nowSeconds();
    const arn = `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${randomSuffix()}`;
    const secret: StoredSecret = { arn, name, description, kmsKeyId, tags, createdDate: created, lastChangedDate: created, versions: {} };
    // "If you include SecretString or SecretBinary then Secrets Manager creates an initial secret version and
    // automatically attaches the staging label AWSCURRENT to it."
    if (value) secret.versions[token] = this.store.seal(secret, token, value, [CURRENT]);
    this.store.add(secret);
    return { ARN: arn, Name: name, ...(value ? { VersionId: token } : {}) };
  }

  /** "Secrets Manager only returns fields that have a value in the response." */
  private describeSecret(request: Request) {
    const secret = this.find(request);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Description: secret.description,
      KmsKeyId: secret.kmsKeyId,
      // "If the secret has never been configured for rotation, Secrets Manager returns null."
      RotationEnabled: secret.rotation ? true : undefined,
      RotationLambdaARN: secret.rotation?.lambdaArn,
      RotationRules: secret.rotation?.rules,
      LastRotatedDate: secret.rotation?.lastRotatedDate,
      CreatedDate: secret.createdDate,
      LastChangedDate: secret.lastChangedDate,
      LastAccessedDate: secret.lastAccessedDate,
      DeletedDate: secret.deletedDate,
      Tags: secret.tags,
      // "A list of the versions of the secret that have staging labels attached."
      VersionIdsToStages: Object.fromEntries(
        Object.entries(secret.versions)
          .filter(([, v]) => v.stages.length > 0)
          .map(([id, v]) => [id, v.stages]),
      ),
    };
  }

  private getSecretValue(request: Request) {
    const versionId = stringMember(request, 'VersionId', { length: LIMITS.versionId });
    const requestedStage = stringMember(request, 'VersionStage', { length: LIMITS.versionStage });
    const secret = this.findLive(request);
    // "If you include both this parameter and VersionStage, the two parameters must refer to the same secret
    // version. If you don't specify either a VersionStage or VersionId, then Secrets Manager returns the
    // AWSCURRENT version."
    const stage = requestedStage ?? (versionId ? undefined : CURRENT);
    const entry = versionId
      ? Object.entries(secret.versions).find(([id]) => id === versionId)
      : Object.entries(secret.versions).find(([, v]) => v.stages.includes(stage!));
    // A version RotateSecret opened has an id but no value until createSecret puts one: "To check if a secret
    // version exists, call GetSecretValue."
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
    this.store.save();
    const plaintext = this.store.unseal(secret, id, version);
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
    const token = clientRequestTokenOf(request);
    const value = valueOf(request, true)!;
    const requested = stringListMember(request, 'VersionStages', { count: LIMITS.versionStages, item: LIMITS.versionStage });
    const secret = this.findLive(request);
    // "If you don't include VersionStages, then Secrets Manager automatically moves the staging label
    // AWSCURRENT to this version. If this operation creates the first version for the secret, then Secrets
    // Manager automatically attaches the staging label AWSCURRENT to it."
    const stages = new Set(requested ?? [CURRENT]);
    if (Object.keys(secret.versions).length === 0) stages.add(CURRENT);
    const existing = secret.versions[token];
    if (existing && existing.sealed !== '') {
      // "If you call this operation with a ClientRequestToken that matches an existing version's VersionId, and
      // you specify the same secret data, the operation succeeds but does nothing. However, if the secret data
      // is different, then the operation fails because you can't modify an existing version."
      if (!this.store.sameValue(secret, token, existing, value)) {
        throw new AwsServiceError('ResourceExistsException', `A version with the ClientRequestToken ${token} already exists with a different value.`);
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: existing.stages };
    }
    // A new version, or the one a rotation opened (its createSecret step gives it its value, keeping its labels).
    secret.versions[token] = { ...this.store.seal(secret, token, value, existing?.stages ?? []), ...(existing ? { createdDate: existing.createdDate } : {}) };
    for (const stage of stages) attachStage(secret, stage, token);
    pruneDeprecated(secret);
    secret.lastChangedDate = nowSeconds();
    this.store.save();
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: secret.versions[token]!.stages };
  }

  private updateSecretVersionStage(request: Request) {
    const stage = stringMember(request, 'VersionStage', { required: true, length: LIMITS.versionStage });
    const moveTo = stringMember(request, 'MoveToVersionId', { length: LIMITS.versionId });
    const removeFrom = stringMember(request, 'RemoveFromVersionId', { length: LIMITS.versionId });
    const secret = this.findLive(request);
    const holder = holderOf(secret, stage);
    for (const id of [moveTo, removeFrom]) {
      if (id !== undefined && !secret.versions[id]) {
        throw invalidParameter(`The version ${id} doesn't exist in the secret.`);
      }
    }
    // "If the label is attached and you either do not specify this parameter, or the version ID does not
    // match, then the operation fails."
    if (removeFrom !== undefined && holder !== removeFrom) {
      throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
    }
    if (moveTo !== undefined) {
      if (holder !== undefined && holder !== moveTo && removeFrom !== holder) {
        throw invalidParameter(
          `The staging label ${stage} is currently attached to version ${holder}, and you must specify RemoveFromVersionId to move it.`,
        );
      }
      attachStage(secret, stage, moveTo);
    } else if (removeFrom !== undefined) {
      if (stage === CURRENT) {
        throw invalidParameter("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");
      }
      const version = secret.versions[removeFrom]!;
      version.stages = version.stages.filter((s) => s !== stage);
    } else {
      throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
    }
    pruneDeprecated(secret);
    secret.lastChangedDate = nowSeconds();
    this.store.save();
    return { ARN: secret.arn, Name: secret.name };
  }

  /**
   * "Configures and starts the asynchronous process of rotating the secret": the call stores the rotation
   * function and rules, opens a new version (no value yet) labelled AWSPENDING and answers with its id; the
   * function's four steps run afterwards, and a failed step is reattempted later rather than returned to the
   * caller. "If the AWSPENDING staging label is present but not attached to the same version as AWSCURRENT,
   * then any later invocation of RotateSecret assumes that a previous rotation request is still in progress and
   * returns an error", whatever its ClientRequestToken. With RotateImmediately=false, "Secrets Manager tests the
   * rotation configuration by running the testSecret step of the Lambda rotation function. This test creates an
   * AWSPENDING version of the secret and then removes it."
   */
  private rotateSecret(request: Request) {
    const token = clientRequestTokenOf(request);
    const lambdaArnGiven = stringMember(request, 'RotationLambdaARN', { length: LIMITS.rotationLambdaArn }) || undefined;
    const rules = rotationRulesOf(request);
    const rotateImmediately = booleanMember(request, 'RotateImmediately') ?? true;
    const secret = this.findLive(request);
    const lambdaArn = lambdaArnGiven ?? secret.rotation?.lambdaArn;
    if (!lambdaArn) throw invalidRequest('No Lambda rotation function ARN is associated with this secret.');
    if (rotateImmediately && !this.rotations.canRun) throw invalidRequest('Rotation functions cannot run here.');
    this.rotations.dropLeftoverTestVersion(secret);
    const pending = holderOf(secret, PENDING);
    if (pending !== undefined && !secret.versions[pending]!.stages.includes(CURRENT)) {
      // The message promises a reattempt. When none is running or waiting (its attempts ran out, or the local
      // cloud restarted since), this refusal schedules one.
      if (secret.rotation && this.rotations.canRun && !this.rotations.isActive(secret.arn)) {
        this.rotations.reattempt(secret.arn, pending);
      }
      throw invalidRequest(PREVIOUS_ROTATION_NOT_COMPLETE);
    }
    secret.rotation = { ...secret.rotation, lambdaArn, ...(rules ? { rules } : {}) };
    if (!rotateImmediately) {
      if (this.rotations.canRun) this.rotations.testConfiguration(secret, randomUUID());
      this.store.save();
      return { ARN: secret.arn, Name: secret.name };
    }
    // The same token again after its rotation completed reuses its version; rotation functions treat a version
    // that already holds AWSCURRENT as done.
    secret.versions[token] ??= { createdDate: nowSeconds(), stages: [], kind: 'string', sealed: '' };
    attachStage(secret, PENDING, token);
    secret.lastChangedDate = nowSeconds();
    this.store.save();
    this.rotations.rotate(secret.arn, token);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  }

  private listSecretVersionIds(request: Request) {
    const maxResults = integerMember(request, 'MaxResults', { min: 1, max: 100 }) ?? 100;
    const nextToken = stringMember(request, 'NextToken', { length: LIMITS.nextToken });
    // "Versions without staging labels are considered deprecated ... By default, versions without staging
    // labels aren't included." The reference gives no order; newest first here.
    const includeDeprecated = booleanMember(request, 'IncludeDeprecated') === true;
    const secret = this.find(request);
    const all = Object.entries(secret.versions)
      .filter(([, v]) => includeDeprecated || v.stages.length > 0)
      .reverse();
    const start = decodePageToken(nextToken);
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

  /** "This operation appends tags to the existing list of tags"; a key given again takes the new value. */
  private tagResource(request: Request) {
    const tags = tagsMember(request, 'Tags', true)!;
    const secret = this.findLive(request);
    secret.tags = [...secret.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    secret.lastChangedDate = nowSeconds();
    this.store.save();
    return {};
  }

  /** "If a requested tag is not attached to the secret, no error is returned and the secret metadata is unchanged." */
  private untagResource(request: Request) {
    const keys = stringListMember(request, 'TagKeys', { required: true, item: LIMITS.tagKey })!;
    const secret = this.findLive(request);
    const kept = secret.tags.filter((t) => !keys.includes(t.Key));
    if (kept.length !== secret.tags.length) {
      secret.tags = kept;
      secret.lastChangedDate = nowSeconds();
      this.store.save();
    }
    return {};
  }

  private deleteSecret(request: Request) {
    const secretId = secretIdOf(request);
    const window = integerMember(request, 'RecoveryWindowInDays');
    const force = booleanMember(request, 'ForceDeleteWithoutRecovery') === true;
    if (force && window !== undefined) {
      throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    // "The number of days from 7 to 30 that Secrets Manager waits before permanently deleting the secret."
    if (window !== undefined && (window < 7 || window > 30)) {
      throw invalidParameter('RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const now = nowSeconds();
    const secret = this.store.lookup(secretId);
    if (!secret) {
      // "If you forcibly delete an already deleted or nonexistent secret, the operation does not return
      // ResourceNotFoundException."
      if (force) return { ...(secretId.startsWith('arn:') ? { ARN: secretId } : { Name: secretId }), DeletionDate: now };
      throw notFound();
    }
    if (force) {
      this.store.remove(secret.arn);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
    }
    if (secret.deletedDate !== undefined) {
      throw invalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
    }
    // "If you don't use either, then by default Secrets Manager uses a 30 day recovery window."
    secret.deletedDate = now;
    secret.deletionDate = now + (window ?? 30) * 86400;
    this.store.save();
    return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletionDate };
  }

  /** "Cancels the scheduled deletion of a secret by removing the DeletedDate time stamp." */
  private restoreSecret(request: Request) {
    const secret = this.find(request);
    delete secret.deletedDate;
    delete secret.deletionDate;
    this.store.save();
    return { ARN: secret.arn, Name: secret.name };
  }

  /** The ARN of the secret a SecretId names (a name, a full ARN or an ARN without its random suffix). */
  arnOf(id: string): string | undefined {
    return this.store.lookup(id)?.arn;
  }

  private find(request: Request): StoredSecret {
    const secret = this.store.lookup(secretIdOf(request));
    if (!secret) throw notFound();
    return secret;
  }

  /** "When a secret is scheduled for deletion, you cannot retrieve the secret value" (nor change it). */
  private findLive(request: Request): StoredSecret {
    const secret = this.find(request);
    if (secret.deletedDate !== undefined) {
      throw invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }
    return secret;
  }
}

/** SecretString or SecretBinary (base64 on the wire), each 1–65536 in the model; "You must include SecretBinary or SecretString, but not both." */
function valueOf(request: Request, required: boolean): SecretValue | undefined {
  const text = stringMember(request, 'SecretString', { length: LIMITS.secretValue, sensitive: true });
  const binary = stringMember(request, 'SecretBinary', { sensitive: true });
  if (text !== undefined && binary !== undefined) {
    throw invalidParameter('You must provide either SecretString or SecretBinary, but not both.');
  }
  if (text !== undefined) return { kind: 'string', bytes: Buffer.from(text, 'utf8') };
  if (binary !== undefined) {
    const bytes = Buffer.from(binary, 'base64');
    checkLength('SecretBinary', bytes, LIMITS.secretValue, undefined, true);
    return { kind: 'binary', bytes };
  }
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
  const length = integerMember(request, 'PasswordLength', { min: 1, max: 4096 }) ?? 32;
  const excluded = new Set(stringMember(request, 'ExcludeCharacters', { length: LIMITS.excludeCharacters }) ?? '');
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
