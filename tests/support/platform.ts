import { accountBody, ok, uniqueId, type Caller } from './api.ts';

/** A call to the local cloud's simulated platform (local/platform.ts). */
export const platformCall = (platformUrl: string, method: string, path: string, body?: unknown) =>
  fetch(`${platformUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Whether the simulated platform accepts this login for the account. */
export async function logsIn(platformUrl: string, platformAccountId: string, login: { username: string; password: string }) {
  return (await platformCall(platformUrl, 'POST', `/accounts/${platformAccountId}/login`, login)).status === 200;
}

/** A low-risk account whose login is in Secrets Manager (through the API) and on the simulated platform. */
export async function accountWithLogin(hr: Caller, platformUrl: string, ownerId: string, options: { passwordApi: boolean }) {
  const account = await ok(hr('POST', '/accounts', { body: accountBody(ownerId, { riskTier: 'low' }) }));
  const username = `user-${account.id}`;
  const password = `Start-${uniqueId('pw')}-A1!`;
  await ok(hr('PUT', `/accounts/${account.id}/credential`, { body: { username, password } }));
  await platformCall(platformUrl, 'PUT', `/accounts/${account.platformAccountId}`, { username, password, passwordApi: options.passwordApi });
  return { id: account.id as string, platformAccountId: account.platformAccountId as string, username, password };
}
