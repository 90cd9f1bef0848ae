import { addPolicy, getPolicy, listPolicies, updatePolicy } from '../../core/registry/policies.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

export const handler = apiHandler(ctx, {
  'GET /policies': async ({ principal, page }) => ({ body: await listPolicies(ctx, principal, page) }),
  'POST /policies': async ({ principal, body }) => ({ status: 201, body: await addPolicy(ctx, principal, body) }),
  'GET /policies/{policyId}': async ({ principal, params }) => ({ body: await getPolicy(ctx, principal, params.policyId!) }),
  'PATCH /policies/{policyId}': async ({ principal, params, body, expectedVersion }) => ({ body: await updatePolicy(ctx, principal, params.policyId!, body, expectedVersion) }),
});
