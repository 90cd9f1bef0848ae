import { revealCredential, setCredential } from '../../core/registry/credentials.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

/** The only handler that ever holds a login value; it logs nothing about requests or responses. */
export const handler = apiHandler(ctx, {
  'PUT /accounts/{accountId}/credential': async ({ principal, params, body, requestId }) => {
    const account = await setCredential(ctx, principal, params.accountId!, body, requestId);
    return { body: { accountId: account.id, credential: account.credential, version: account.version } };
  },
  'POST /accounts/{accountId}/credential/reveal': async ({ principal, params, body }) => ({ body: await revealCredential(ctx, principal, params.accountId!, body) }),
});
