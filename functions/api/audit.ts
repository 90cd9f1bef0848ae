import { listAudit, verifyAudit } from '../../core/audit/trail.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';
import { sealCheck } from '../shared/audit.ts';

const ctx = { ...registryContext(), evidence: sealCheck() };

export const handler = apiHandler(ctx, {
  'GET /audit': async ({ principal, query, page }) => ({ body: await listAudit(ctx, principal, query, page) }),
  'GET /audit/verify': async ({ principal, query }) => ({ body: await verifyAudit(ctx, principal, query.cursor) }),
});
