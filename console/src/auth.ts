import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { ConsoleConfig } from '../../declarations/console.ts';

/**
 * OpenID Connect sign-in, authorization code with PKCE, against the configured identity provider. Tokens
 * live in this tab's session storage only: never in a cookie the API would read, never in local storage,
 * never in a URL once the callback has been handled.
 */
export function userManager(config: ConsoleConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/callback`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

/** The signed-in user, finishing a sign-in first when this is the callback; undefined means not signed in. */
export async function currentUser(manager: UserManager): Promise<User | undefined> {
  if (window.location.pathname === '/callback') {
    const user = await manager.signinRedirectCallback();
    const returnTo = typeof user.state === 'string' && user.state.startsWith('/') && !user.state.startsWith('//') ? user.state : '/';
    // The code and state leave the address bar and the history at once.
    window.history.replaceState(null, '', returnTo);
    return user;
  }
  const user = await manager.getUser();
  return user && !user.expired ? user : undefined;
}
