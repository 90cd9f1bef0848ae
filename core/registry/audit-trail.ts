import { type Principal, requireRole } from '../auth.ts';
import { verifyChain, type AuditEvent, type ChainVerdict } from '../audit.ts';
import type { EntityWrite, Page, RegistryContext } from './ports.ts';

export async function listAudit(ctx: RegistryContext, principal: Principal, page: { limit: number; next?: string }): Promise<Page<AuditEvent>> {
  requireRole(principal, 'admin', 'auditor');
  return ctx.store.auditEvents(page);
}

/**
 * Reads the trail in key order, page by page, and recomputes the chain up to the head as it stood when the
 * check began: events written meanwhile are the next check's (read after the pages, a moving head looked
 * like records removed from the end, which two test files writing at once showed).
 */
export async function verifyAudit(ctx: RegistryContext, principal: Principal): Promise<ChainVerdict> {
  requireRole(principal, 'admin', 'auditor');
  const head = await ctx.store.auditHead();
  const events: AuditEvent[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.store.auditEvents({ limit: 500, next });
    events.push(...page.items.filter((event) => head === undefined || event.seq <= head.seq));
    next = page.next;
  } while (next);
  return verifyChain(events, head);
}

/** What a change wrote, as its audit event lists it: `type/id@version`, or `type/id` where an item has no version. */
export function changesOf(writes: readonly EntityWrite[]): string[] {
  return writes.flatMap((write): string[] => {
    switch (write.type) {
      case 'assignable':
        return [];
      case 'exposure':
        return [`exposure/${write.item.personId}:${write.item.accountId}`];
      case 'departure-result':
        return [`departure-result/${write.caseId}:${write.item.accountId}@${write.item.revision ?? 1}`];
      case 'finding':
        return [`finding/${write.item.accountId}:${write.item.id}`];
      case 'review-comment':
        return [`review-comment/${write.reviewId}:${write.comment.by}@${write.comment.at}`];
      default:
        return [`${write.type}/${write.item.id}@${write.item.version}`];
    }
  });
}
