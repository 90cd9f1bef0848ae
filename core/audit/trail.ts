import { type Principal, requireRole } from '../auth.ts';
import * as z from 'zod';
import { CHAIN_START, verifyChain, type ChainVerdict } from './chain.ts';
import type { AuditEvent } from './model.ts';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import type { Page } from '../paging.ts';
import type { AuditContext, AuditFilter } from './ports.ts';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** The trail's search, from query parameters: an entity (type and id together), who, what, and a time range. */
export const auditSearchInput = z
  .strictObject({
    entityType: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'an entity type such as account, person, grant or approval').optional(),
    entityId: z.string().min(1).max(200).optional(),
    actor: z.string().min(1).max(200).optional(),
    action: z.string().regex(/^[a-z][a-z0-9.-]{0,79}$/, 'an action such as account.updated').optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((q) => (q.entityType === undefined) === (q.entityId === undefined), { message: 'entityType and entityId go together', path: ['entityId'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

/**
 * The audit search for the governance team and auditors: by entity, actor, action and time range, one page at a
 * time.
 */
export async function listAudit(ctx: AuditContext, principal: Principal, query: Record<string, string | undefined>, page: { limit: number; next?: string }): Promise<Page<AuditEvent>> {
  requireRole(principal, 'admin', 'auditor');
  const search = parseInput(auditSearchInput, Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'limit' && name !== 'next')), 'query');
  const filter: AuditFilter = { actor: search.actor, action: search.action, from: search.from, to: search.to };
  if (search.entityType !== undefined) filter.entity = { type: search.entityType, id: search.entityId! };
  return ctx.store.auditEvents(page, filter);
}

/** Records one verification call checks: an API call has 30 seconds, and a trail can be any length. */
const VERIFY_WINDOW = 5000;

/** Where a verification that goes on over several calls stands: the head it checks up to, and its place. */
const verifyCursor = z.strictObject({
  head: z.strictObject({ seq: z.number().int().positive(), hash: z.string().regex(/^[a-f0-9]{64}$/) }),
  position: z.strictObject({ seq: z.number().int().positive(), prevHash: z.string().regex(/^[a-f0-9]{64}$/) }),
  page: z.string().max(2048),
  checked: z.number().int().nonnegative(),
});

const encodeCursor = (cursor: z.output<typeof verifyCursor>) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): z.output<typeof verifyCursor> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('cursor is not one GET /audit/verify returned');
  }
  return parseInput(verifyCursor, parsed, 'cursor');
}

/**
 * Reads the trail in key order and recomputes the chain up to the head as it stood when the check began:
 * events written meanwhile are the next check's (read after the pages, a moving head looked like records
 * removed from the end, which two test files writing at once showed). One call checks up to 5,000 records;
 * a longer trail answers with `next`, a cursor that carries the check on from there (the CLI follows it).
 */
export async function verifyAudit(ctx: AuditContext, principal: Principal, cursorText?: string): Promise<ChainVerdict & { next?: string }> {
  requireRole(principal, 'admin', 'auditor');
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  const head = cursor ? cursor.head : await ctx.store.auditHead();
  const from = cursor?.position ?? CHAIN_START;
  const events: AuditEvent[] = [];
  let next = cursor?.page;
  do {
    const page = await ctx.store.auditEvents({ limit: 500, next });
    events.push(...page.items.filter((event) => head === undefined || event.seq <= head.seq));
    next = page.next;
  } while (next && events.length < VERIFY_WINDOW);
  const complete = next === undefined || events.length === 0 || (head !== undefined && events.at(-1)!.seq >= head.seq);
  const verdict = verifyChain(events, head, from, complete);
  const checked = (cursor?.checked ?? 0) + events.length;
  if (!verdict.ok) return { ...verdict, events: checked };
  if (complete || !head) return { ...verdict, events: checked };
  const last = events.at(-1)!;
  return { ...verdict, events: checked, next: encodeCursor({ head, position: { seq: last.seq + 1, prevHash: last.hash }, page: next!, checked }) };
}
