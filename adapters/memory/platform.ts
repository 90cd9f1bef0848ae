import { PlatformRefusedError } from '../../core/errors.ts';
import type { Account } from '../../core/registry/model.ts';
import type { PasswordPolicy, PlatformConnector } from '../../core/rotation/connectors.ts';

interface PlatformLogin {
  username: string;
  password: string;
  passwordApi: boolean;
}

/**
 * A social platform in memory, as the local cloud's simulated platform plays one (local/platform.ts): each
 * account it knows has a login, and a password API or not. Without one a person sets the new password (here:
 * `setPassword`, what they would do on the platform's settings page). An account it does not know is one
 * without a password API whose logins it cannot check.
 */
export class MemoryPlatform implements PlatformConnector {
  readonly policy: PasswordPolicy = { length: 24, excludeCharacters: `"'\\\` ` };
  private readonly logins = new Map<string, PlatformLogin>();

  /** The platform account's login as it is on the platform now. */
  register(platformAccountId: string, login: { username: string; password: string }, options: { passwordApi: boolean }): void {
    this.logins.set(platformAccountId, { ...login, passwordApi: options.passwordApi });
  }

  /** A person changes the password on the platform's own settings page. */
  setPassword(platformAccountId: string, password: string): void {
    const login = this.logins.get(platformAccountId);
    if (!login) throw new Error(`the platform has no account ${platformAccountId}`);
    login.password = password;
  }

  /** The password the platform accepts now. */
  passwordOf(platformAccountId: string): string | undefined {
    return this.logins.get(platformAccountId)?.password;
  }

  async mode(account: Account): Promise<'api' | 'human'> {
    return this.logins.get(account.platformAccountId)?.passwordApi ? 'api' : 'human';
  }

  async changePassword(account: Account, login: { username: string; current: string; next: string }): Promise<void> {
    const known = this.logins.get(account.platformAccountId);
    if (!known?.passwordApi) throw new PlatformRefusedError('this platform has no password API');
    if (known.username !== login.username || known.password !== login.current) throw new PlatformRefusedError('the platform refused the change (401)');
    known.password = login.next;
  }

  async verifyLogin(account: Account, login: { username: string; password: string }): Promise<boolean | undefined> {
    const known = this.logins.get(account.platformAccountId);
    return known ? known.username === login.username && known.password === login.password : undefined;
  }
}
