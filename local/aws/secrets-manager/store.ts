import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AwsServiceError } from '../errors.ts';
import { loadOrCreateKey, readJson, writeFileAtomic } from '../../files.ts';
import type { RotationRules } from './rotation-rules.ts';

/**
 * What the Secrets Manager twin keeps in the data folder, and the rules of its versions' staging labels.
 * Secret values are encrypted at rest with AES-256-GCM under a key kept beside the state file; the state file
 * never holds a plaintext value.
 */

export type Tag = { Key: string; Value: string };

export interface StoredVersion {
  createdDate: number;
  stages: string[];
  kind: 'string' | 'binary';
  /**
   * base64(iv ‖ tag ‖ ciphertext), bound to the secret ARN and version id as associated data. Empty for the
   * version RotateSecret opens before the rotation function's createSecret step gives it a value.
   */
  sealed: string;
  lastAccessedDate?: number;
  /** The version RotateImmediately=false opens for its testSecret check, removed once the check ran. */
  test?: true;
}

export interface StoredSecret {
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
  rotation?: { lambdaArn: string; rules?: RotationRules; lastRotatedDate?: number };
}

/** A value as the caller gave it, before it is sealed. */
export interface SecretValue {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';
export const PREVIOUS = 'AWSPREVIOUS';
/**
 * "Secrets Manager removes unlabeled versions when there are more than 100, but it does not remove versions
 * created less than 24 hours ago" (quotas page; PutSecretValue says the same).
 */
const MAX_VERSIONS = 100;
const KEEP_NEW_VERSIONS_SECONDS = 24 * 3600;

/** Secrets Manager's dates are whole seconds since the epoch. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export class SecretStore {
  private readonly statePath: string;
  private readonly key: Buffer;
  private readonly secrets: Record<string, StoredSecret>;

  constructor(dataDir: string) {
    this.statePath = join(dataDir, 'secretsmanager', 'secrets.json');
    this.key = loadOrCreateKey(join(dataDir, 'secretsmanager', 'value-encryption.key'));
    this.secrets = readJson(this.statePath, {});
  }

  /** Resolves SecretId given as a name, a full ARN or an ARN without its random suffix; a purged one is gone. */
  lookup(id: string): StoredSecret | undefined {
    const secret = this.secrets[id] ?? Object.values(this.secrets).find((s) => s.name === id || s.arn.slice(0, -7) === id);
    return !secret || this.purgeIfDue(secret) ? undefined : secret;
  }

  /** The secret by ARN, even one scheduled for deletion. */
  byArn(arn: string): StoredSecret | undefined {
    return this.secrets[arn];
  }

  /** The secret by ARN if it still exists and is not scheduled for deletion: what a background rotation may touch. */
  live(arn: string): StoredSecret | undefined {
    const secret = this.secrets[arn];
    return secret && secret.deletedDate === undefined ? secret : undefined;
  }

  add(secret: StoredSecret): void {
    this.secrets[secret.arn] = secret;
    this.save();
  }

  remove(arn: string): void {
    delete this.secrets[arn];
    this.save();
  }

  /** Writes every secret; callers change the records they were given, then save. */
  save(): void {
    writeFileAtomic(this.statePath, JSON.stringify(this.secrets));
  }

  seal(secret: StoredSecret, versionId: string, value: SecretValue, stages: string[]): StoredVersion {
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

  unseal(secret: StoredSecret, versionId: string, version: StoredVersion): Buffer {
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

  sameValue(secret: StoredSecret, versionId: string, version: StoredVersion, value: SecretValue): boolean {
    return version.kind === value.kind && this.unseal(secret, versionId, version).equals(value.bytes);
  }

  /** Removes a secret whose recovery window has passed; true when it did. */
  private purgeIfDue(secret: StoredSecret): boolean {
    if (secret.deletionDate === undefined || secret.deletionDate > nowSeconds()) return false;
    this.remove(secret.arn);
    return true;
  }
}

/** The version a staging label is attached to. */
export function holderOf(secret: StoredSecret, stage: string): string | undefined {
  return Object.entries(secret.versions).find(([, v]) => v.stages.includes(stage))?.[0];
}

/**
 * "Each staging label can be attached to only one version at a time": attaching moves it. "Whenever you move
 * AWSCURRENT, Secrets Manager automatically moves the label AWSPREVIOUS to the version that AWSCURRENT was
 * removed from."
 */
export function attachStage(secret: StoredSecret, stage: string, versionId: string): void {
  const previousHolder = holderOf(secret, stage);
  if (previousHolder === versionId) return;
  for (const version of Object.values(secret.versions)) version.stages = version.stages.filter((s) => s !== stage);
  secret.versions[versionId]!.stages.push(stage);
  if (stage === CURRENT && previousHolder !== undefined) attachStage(secret, PREVIOUS, previousHolder);
}

/** Past MAX_VERSIONS, the oldest unlabelled (deprecated) versions go, but none created in the last 24 hours. */
export function pruneDeprecated(secret: StoredSecret): void {
  let excess = Object.keys(secret.versions).length - MAX_VERSIONS;
  const keepFrom = nowSeconds() - KEEP_NEW_VERSIONS_SECONDS;
  for (const [id, version] of Object.entries(secret.versions)) {
    if (excess <= 0) return;
    if (version.stages.length > 0 || version.createdDate >= keepFrom) continue;
    delete secret.versions[id];
    excess -= 1;
  }
}
