import type { AuditEvent } from '../audit/model.ts';
import type { ApprovalContext, ApprovalStores, ApprovalWrite } from '../approvals/ports.ts';
import type { Change } from '../registry/ports.ts';
import type { CredentialInput } from '../registry/model.ts';
import type { PasswordPolicy, PlatformConnector } from './connectors.ts';
import type { CustodyTask } from './model.ts';

/** Asks Secrets Manager to rotate an account's login with the rotation function (the same four steps a handover runs). */
export interface LoginRotations {
  /**
   * Starts the rotation with this token; Secrets Manager answers at once and runs the steps after. A rotation
   * already pending is not an error here ('not-finished'): the review follows it up.
   */
  start(secretArn: string, token: string): Promise<'started' | 'not-finished'>;
  /** Runs the steps left after a custodian set the new password (setSecret on): the rotation is then complete. */
  finish(secretArn: string, token: string): Promise<void>;
}

/** What rotation writes: what approvals write, and custody tasks. */
export type RotationWrite = ApprovalWrite | { type: 'custody-task'; item: CustodyTask; expectedVersion: number | null };

/** One rotation of an account's login at a time. */
export interface RotationLockStore {
  /** Takes the account's rotation lock for this token (true), or says another holds it (false). A lock outlives a crash by at most `ttlSeconds`. */
  acquireRotationLock(accountId: string, token: string, ttlSeconds: number): Promise<boolean>;
  releaseRotationLock(accountId: string, token: string): Promise<void>;
}

/** Reads of custody tasks: one, or a custodian's open ones. */
export interface CustodyStore {
  getCustodyTask(id: string): Promise<CustodyTask | undefined>;
  /** Custody tasks not yet confirmed whose custodian is this person. */
  openCustodyTasksOf(personId: string): Promise<CustodyTask[]>;
}

/** What a rotation reads and writes: custody asks people through signed links as approvals do. */
export interface RotationStores extends ApprovalStores, RotationLockStore, CustodyStore {
  commit(change: Change<RotationWrite>): Promise<AuditEvent>;
}

/** What custody needs: what approvals need (signed links, email, task callbacks), over the rotation's stores. */
export interface CustodyContext extends ApprovalContext {
  store: RotationStores;
}

/** Secrets Manager as a rotation's steps see it: versions, labels and a pending value. */
export interface RotationSecrets {
  /** The account the secret belongs to (its tag) and its versions with their labels. */
  describe(secretId: string): Promise<{ arn: string; accountId: string; versions: Record<string, string[]> }>;
  /** A version by id and label, or the version holding a label; undefined where there is none. */
  read(secretId: string, which: { versionId?: string; stage: 'AWSCURRENT' | 'AWSPENDING' }): Promise<{ versionId: string; value: CredentialInput } | undefined>;
  putPending(secretId: string, token: string, value: CredentialInput): Promise<void>;
  randomPassword(policy: PasswordPolicy): Promise<string>;
  makeCurrent(secretId: string, token: string, currentVersionId: string): Promise<void>;
}

/**
 * What a login's rotation steps run with: custody, the secret's versions, the platform's connector and Secrets
 * Manager's rotations.
 */
export interface RotationContext extends CustodyContext {
  secrets: RotationSecrets;
  connector: PlatformConnector;
  /** Secrets Manager's own rotation runs (scheduled reviews start them; a custodian's confirmation resumes one). */
  rotations: LoginRotations;
}
