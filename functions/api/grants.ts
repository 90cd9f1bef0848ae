import { grantAccess, listGrantsOfAccount, revokeGrant } from '../../core/registry/grants.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

export const handler = apiHandler(ctx, {
  'GET /accounts/{accountId}/grants': async ({ principal, params }) => ({ body: { items: await listGrantsOfAccount(ctx, principal, params.accountId!) } }),
  'POST /accounts/{accountId}/grants': async ({ principal, params, body }) => ({ status: 201, body: await grantAccess(ctx, principal, params.accountId!, body) }),
  'POST /accounts/{accountId}/grants/{grantId}/revoke': async ({ principal, params, body, expectedVersion }) => ({
    body: await revokeGrant(ctx, principal, params.accountId!, params.grantId!, body, expectedVersion),
  }),
});
