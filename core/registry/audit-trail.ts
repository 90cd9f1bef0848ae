import { type Principal, requireRole } from '../auth.ts';
import { verifyChain, type AuditEvent, type ChainVerdict } from '../audit.ts';
import type { Page, RegistryContext } from './ports.ts';

export async function listAudit(ctx: RegistryContext, principal: Principal, page: { limit: number; next?: string }): Promise<Page<AuditEvent>> {
  requireRole(principal, 'admin', 'auditor');
  return ctx.store.auditEvents(page);
}

/** Reads the whole trail in key order, page by page, and recomputes the chain. */
export async function verifyAudit(ctx: RegistryContext, principal: Principal): Promise<ChainVerdict> {
  requireRole(principal, 'admin', 'auditor');
  const events: AuditEvent[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.store.auditEvents({ limit: 500, next });
    events.push(...page.items);
    next = page.next;
  } while (next);
  return verifyChain(events, await ctx.store.auditHead());
}
