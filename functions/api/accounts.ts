import { addAccount, getAccount, listAccounts, retireAccount, updateAccount } from '../../core/registry/accounts.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

export const handler = apiHandler(ctx, {
  'GET /accounts': async ({ principal, query, page }) => ({ body: await listAccounts(ctx, principal, { platform: query.platform, team: query.team, status: query.status, riskTier: query.riskTier }, page) }),
  'POST /accounts': async ({ principal, body }) => ({ status: 201, body: await addAccount(ctx, principal, body) }),
  'GET /accounts/{accountId}': async ({ principal, params }) => ({ body: await getAccount(ctx, principal, params.accountId!) }),
  'PATCH /accounts/{accountId}': async ({ principal, params, body, expectedVersion }) => ({ body: await updateAccount(ctx, principal, params.accountId!, body, expectedVersion) }),
  'POST /accounts/{accountId}/retire': async ({ principal, params, body, expectedVersion }) => ({ body: await retireAccount(ctx, principal, params.accountId!, body, expectedVersion) }),
});
