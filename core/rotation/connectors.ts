import type { Account } from '../registry/model.ts';

/**
 * How Steward changes a shared login on a social platform. A connector with a password API changes it
 * itself; most platforms have none, and there a person does it (a human handover task). Either way the
 * rotation protocol around it is the same (core/handover/rotation.ts).
 */
export interface PasswordPolicy {
  length: number;
  /** Characters the platform refuses. */
  excludeCharacters: string;
}

/**
 * A platform as rotation sees it: its password rules, whether a login is changed by the API or by a person, the
 * change itself, and a check of a login.
 */
export interface PlatformConnector {
  readonly policy: PasswordPolicy;
  /** `api`: the connector changes the password; `human`: a person changes it on the platform. */
  mode(account: Account): Promise<'api' | 'human'>;
  changePassword(account: Account, login: { username: string; current: string; next: string }): Promise<void>;
  /** Whether the platform accepts this login; undefined where the platform offers no way to check. */
  verifyLogin(account: Account, login: { username: string; password: string }): Promise<boolean | undefined>;
}

