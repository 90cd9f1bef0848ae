import { createHash, randomInt } from 'node:crypto';
import { RotationStepFailed } from '../../core/errors.ts';
import type { CredentialInput } from '../../core/registry/model.ts';
import type { CredentialVault } from '../../core/registry/ports.ts';
import type { PasswordPolicy } from '../../core/rotation/connectors.ts';
import type { LoginRotations, RotationContext, RotationSecrets } from '../../core/rotation/ports.ts';
import { rotationStep } from '../../core/rotation/rotation.ts';
import type { RotationStep } from '../../core/rotation/model.ts';

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const PREVIOUS = 'AWSPREVIOUS';

interface SecretVersion {
  /** Absent on the version RotateSecret opens, until createSecret puts a value. */
  value?: CredentialInput;
  stages: string[];
}

interface Secret {
  arn: string;
  accountId: string;
  versions: Map<string, SecretVersion>;
}

/**
 * Account logins in memory, kept as Secrets Manager keeps them: one secret per account, versions with staging
 * labels (AWSCURRENT, AWSPENDING, AWSPREVIOUS, each on one version at most). It is the registry's credential
 * vault and the rotation's secrets at once, as Secrets Manager is. Values stay here: nothing else keeps them.
 */
export class MemorySecrets implements CredentialVault, RotationSecrets {
  private readonly secrets = new Map<string, Secret>();

  private secret(secretId: string): Secret {
    const secret = this.secrets.get(secretId) ?? [...this.secrets.values()].find((s) => s.accountId === secretId);
    if (!secret) throw new Error(`ResourceNotFoundException: Secrets Manager can't find the specified secret (${secretId})`);
    return secret;
  }

  /** Puts the label on this version only, as UpdateSecretVersionStage moves it. */
  private label(secret: Secret, stage: string, versionId: string | undefined): void {
    for (const [id, version] of secret.versions) if (id !== versionId) version.stages = version.stages.filter((s) => s !== stage);
    if (versionId !== undefined) {
      const version = secret.versions.get(versionId)!;
      if (!version.stages.includes(stage)) version.stages.push(stage);
    }
  }

  private holderOf(secret: Secret, stage: string): string | undefined {
    return [...secret.versions].find(([, version]) => version.stages.includes(stage))?.[0];
  }

  /** A version with a value, or a new one; the same request (token) with another value is refused, as AWS refuses it. */
  private putVersion(secret: Secret, versionId: string, value: CredentialInput): 'new' | 'same' {
    const existing = secret.versions.get(versionId);
    if (existing?.value !== undefined) {
      if (JSON.stringify(existing.value) !== JSON.stringify(value)) throw new Error(`ResourceExistsException: a version with ClientRequestToken ${versionId} already exists with another value`);
      return 'same';
    }
    if (existing) existing.value = value;
    else secret.versions.set(versionId, { value, stages: [] });
    return 'new';
  }

  async put(accountId: string, value: CredentialInput, requestId: string) {
    const arn = `arn:aws:secretsmanager:eu-west-1:000000000000:secret:steward/logins/${accountId}`;
    const secret = this.secrets.get(arn) ?? { arn, accountId, versions: new Map() };
    this.secrets.set(arn, secret);
    // As the vault makes it from the request id: a retried request is the same version.
    const versionId = createHash('sha256').update(`${accountId}\n${requestId}`).digest('hex').slice(0, 64);
    if (this.putVersion(secret, versionId, value) === 'new') {
      this.label(secret, PREVIOUS, this.holderOf(secret, CURRENT));
      this.label(secret, CURRENT, versionId);
    }
    return { secretArn: arn, versionId };
  }

  async get(secretArn: string): Promise<CredentialInput> {
    const current = await this.read(secretArn, { stage: CURRENT });
    if (!current) throw new Error(`ResourceNotFoundException: ${secretArn} has no current version`);
    return current.value;
  }

  async describe(secretId: string) {
    const secret = this.secret(secretId);
    return { arn: secret.arn, accountId: secret.accountId, versions: Object.fromEntries([...secret.versions].map(([id, version]) => [id, [...version.stages]])) };
  }

  async read(secretId: string, which: { versionId?: string; stage: 'AWSCURRENT' | 'AWSPENDING' }) {
    const secret = this.secret(secretId);
    const versionId = which.versionId ?? this.holderOf(secret, which.stage);
    const version = versionId === undefined ? undefined : secret.versions.get(versionId);
    if (!version?.stages.includes(which.stage) || version.value === undefined) return undefined;
    return { versionId: versionId!, value: structuredClone(version.value) };
  }

  async putPending(secretId: string, token: string, value: CredentialInput) {
    const secret = this.secret(secretId);
    this.putVersion(secret, token, value);
    this.label(secret, PENDING, token);
  }

  async randomPassword(policy: PasswordPolicy) {
    const alphabet = [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&()*+,-./:;<=>?@[]^_{|}~'].filter((c) => !policy.excludeCharacters.includes(c));
    return Array.from({ length: policy.length }, () => alphabet[randomInt(alphabet.length)]).join('');
  }

  async makeCurrent(secretId: string, token: string, currentVersionId: string) {
    const secret = this.secret(secretId);
    if (this.holderOf(secret, CURRENT) !== currentVersionId) throw new Error(`InvalidParameterException: AWSCURRENT is not on version ${currentVersionId}`);
    this.label(secret, PREVIOUS, currentVersionId);
    this.label(secret, CURRENT, token);
    // The rotation is over: the pending label leaves the version, as Secrets Manager's own rotation leaves it.
    if (this.holderOf(secret, PENDING) === token) this.label(secret, PENDING, undefined);
  }

  /**
   * RotateSecret's first part: a new version, without a value, labelled AWSPENDING; refused while another
   * rotation is pending ("A previous rotation isn't complete"), whatever its token.
   */
  openRotation(secretId: string, token: string): 'opened' | 'pending' {
    const secret = this.secret(secretId);
    const pending = this.holderOf(secret, PENDING);
    if (pending !== undefined && !secret.versions.get(pending)!.stages.includes(CURRENT)) return 'pending';
    if (!secret.versions.has(token)) secret.versions.set(token, { stages: [] });
    this.label(secret, PENDING, token);
    return 'opened';
  }

  /** The version AWSPENDING is on, while a rotation is under way. */
  pendingVersion(secretId: string): string | undefined {
    const secret = this.secret(secretId);
    const pending = this.holderOf(secret, PENDING);
    return pending !== undefined && !secret.versions.get(pending)!.stages.includes(CURRENT) ? pending : undefined;
  }
}

/** A rotation function's step that failed inside a rotation Secrets Manager runs on its own. */
export interface RotationFailure {
  secretArn: string;
  token: string;
  step: RotationStep;
  error: string;
}

const ALL_STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/**
 * Secrets Manager's own rotations, in memory. `start` opens the pending version and answers at once, as AWS
 * answers RotateSecret; the rotation function's four steps (core/rotation/rotation.ts, the steps a handover
 * runs too) run when the test calls `settle()`, the moment Secrets Manager gets to them. A step that fails
 * leaves the rotation pending, as AWS leaves it, with the failure kept in `failures`; a start refused because a
 * rotation is pending reattempts that one, as AWS promises to. `finish` runs the steps left after a custodian
 * set the password, at once (a Lambda invocation), and throws a step's failure as RotationStepFailed.
 */
export class MemoryLoginRotations implements LoginRotations {
  readonly failures: RotationFailure[] = [];
  private readonly queued: { secretArn: string; token: string }[] = [];

  constructor(
    private readonly secrets: MemorySecrets,
    private readonly context: () => RotationContext,
  ) {}

  /** Runs the steps in order; the first that fails ends the run and is thrown (`rethrow`) or kept in `failures`. */
  private async run(secretArn: string, token: string, steps: readonly RotationStep[], rethrow = false): Promise<void> {
    for (const step of steps) {
      try {
        await rotationStep(this.context(), step, secretArn, token);
      } catch (error) {
        if (rethrow) throw new RotationStepFailed(step, (error as Error).name);
        this.failures.push({ secretArn, token, step, error: (error as Error).name });
        return;
      }
    }
  }

  async start(secretArn: string, token: string): Promise<'started' | 'not-finished'> {
    const opened = this.secrets.openRotation(secretArn, token);
    this.queued.push({ secretArn, token: opened === 'opened' ? token : this.secrets.pendingVersion(secretArn)! });
    return opened === 'opened' ? 'started' : 'not-finished';
  }

  async finish(secretArn: string, token: string): Promise<void> {
    await this.run(secretArn, token, ALL_STEPS.slice(1), true);
  }

  /** Runs the rotations started and not run yet, in the order they were started. */
  async settle(): Promise<void> {
    for (let run = this.queued.shift(); run; run = this.queued.shift()) await this.run(run.secretArn, run.token, ALL_STEPS);
  }
}
