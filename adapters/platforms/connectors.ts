import type { PasswordPolicy, PlatformConnector } from '../../core/rotation/connectors.ts';
import { PlatformRefusedError } from '../../core/errors.ts';
import type { Account } from '../../core/registry/model.ts';

/** What every connector generates: long, every character class, none of what platforms commonly refuse. */
const DEFAULT_POLICY: PasswordPolicy = { length: 24, excludeCharacters: `"'\\\` ` };

/** For platforms without a password API (most): a person sets the new password and confirms. */
export const humanConnector: PlatformConnector = {
  policy: DEFAULT_POLICY,
  mode: async () => 'human',
  changePassword: () => Promise.reject(new PlatformRefusedError('this platform has no password API')),
  verifyLogin: async () => undefined,
};

/**
 * The simulated platform of the local cloud (local/platform.ts), over HTTP: a password API where the account
 * has one, a login check always. A 5xx is a transient failure (thrown as is, so the step is retried).
 */
export function simulatedPlatformConnector(baseUrl: string): PlatformConnector {
  const call = async (account: Account, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/accounts/${encodeURIComponent(account.platformAccountId)}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 500) throw new Error(`the platform answered ${response.status}`);
    return response;
  };
  return {
    policy: DEFAULT_POLICY,
    mode: async (account) => {
      const response = await call(account, '');
      if (response.status === 404) return 'human';
      return ((await response.json()) as { passwordApi: boolean }).passwordApi ? 'api' : 'human';
    },
    changePassword: async (account, login) => {
      const response = await call(account, '/password', { username: login.username, currentPassword: login.current, newPassword: login.next });
      if (!response.ok) throw new PlatformRefusedError(`the platform refused the change (${response.status})`);
    },
    verifyLogin: async (account, login) => {
      const response = await call(account, '/login', login);
      if (response.status === 404) return undefined;
      return response.ok;
    },
  };
}
