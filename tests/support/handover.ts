import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { LocalCloudUrls } from '../../local/cloud.ts';
import { accountBody, callerAs, ok, personBody, uniqueId, type Caller } from './api.ts';
import { eventually, localClients } from './clients.ts';
import { logsIn, platformCall } from './platform.ts';

/**
 * What the offboarding tests share: an HR caller with people, accounts, grants and logins (in Secrets Manager
 * and on the cloud's simulated platform), and reads of a login's versions.
 */
export function handoverKit(cloud: LocalCloudUrls) {
  const clients = localClients(cloud);
  const platform = (method: string, path: string, body?: unknown) => platformCall(cloud.platformUrl, method, path, body);
  const logsInAs = (platformAccountId: string, username: string, password: string) => logsIn(cloud.platformUrl, platformAccountId, { username, password });

  async function secretOf(hr: Caller, accountId: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS' = 'AWSCURRENT') {
    const { credential } = (await hr('GET', `/accounts/${accountId}`)).body;
    const version = await clients.secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn, VersionStage: stage }));
    return { versionId: version.VersionId!, ...(JSON.parse(version.SecretString!) as { username: string; password: string }) };
  }

  async function organisation() {
    const hrId = uniqueId('hr');
    const hr = await callerAs(cloud, hrId, ['admin', 'hr'], { team: 'hr' });
    const person = async (prefix: string, extra: Record<string, unknown> = {}) => (await ok(hr('POST', '/people', { body: personBody(uniqueId(prefix), extra) }))).id as string;
    const account = async (ownerId: string, extra: Record<string, unknown> = {}) => (await ok(hr('POST', '/accounts', { body: accountBody(ownerId, { riskTier: 'low', ...extra }) }))).id as string;
    const grant = async (accountId: string, personId: string, credentialAccess = false) => ok(hr('POST', `/accounts/${accountId}/grants`, { body: { personId, role: 'publisher', credentialAccess, reason: 'runs it' } }));
    /** Stores the account's login in Secrets Manager (through the API, by `by`, else HR) and on the simulated platform. */
    const login = async (accountId: string, options: { passwordApi: boolean; by?: Caller }) => {
      const { platformAccountId } = (await hr('GET', `/accounts/${accountId}`)).body;
      const password = `Start-${uniqueId('pw')}-A1!`;
      await ok((options.by ?? hr)('PUT', `/accounts/${accountId}/credential`, { body: { username: `user-${accountId}`, password } }));
      await platform('PUT', `/accounts/${platformAccountId}`, { username: `user-${accountId}`, password, passwordApi: options.passwordApi });
      return { platformAccountId, username: `user-${accountId}`, password };
    };
    return { hr, hrId, ok, person, account, grant, login };
  }

  return { organisation, platform, logsInAs, secretOf, clients };
}

/** The departure case once `done` holds of it. */
export async function caseWhen(hr: Caller, caseId: string, done: (c: any) => boolean, what: string, timeoutMs?: number) {
  return eventually(async () => {
    const response = await hr('GET', `/departures/${caseId}`);
    return response.status === 200 && done(response.body) ? response.body : undefined;
  }, what, timeoutMs);
}
