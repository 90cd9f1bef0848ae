import { whoAmI } from '../../core/registry/callers.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

/** Who the token says you are, your registry record (if any) and your footprint. */
export const handler = apiHandler(ctx, {
  'GET /me': async ({ principal }) => ({ body: await whoAmI(ctx, principal) }),
});
