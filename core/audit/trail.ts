import { type Principal, requireRole } from '../auth.ts';
import * as z from 'zod';
import { CHAIN_START, verifyChain, type ChainPosition, type ChainProblem, type ChainVerdict } from './chain.ts';
import type { AuditEvent, ChainHead } from './model.ts';
import { ValidationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import type { Page } from '../paging.ts';
import type { AuditContext, AuditFilter } from './ports.ts';
import { sealsCursor, verifySeals, type SealProblem, type SealsCursor } from './seals.ts';

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

/** Events one verification call checks: an API call has 30 seconds, and a trail can be any length. */
const VERIFY_WINDOW = 5000;

const position = z.strictObject({ seq: z.number().int().positive(), prevHash: z.string().regex(/^[a-f0-9]{64}$/) });

/** Where a verification that goes on over several calls stands: its place in the trail and in a chain. */
const verifyCursor = z.strictObject({
  page: z.string().max(2048).optional(),
  /** Past the chains: where the check of the seals stands. */
  seals: sealsCursor.optional(),
  chain: z.strictObject({ name: z.string().min(1).max(300), position }).optional(),
  /** A chain confirmed from the table whose records the bulk read has not yet passed. */
  settled: z.string().min(1).max(300).optional(),
  checked: z.number().int().nonnegative(),
  chains: z.number().int().nonnegative(),
});

type VerifyCursor = z.output<typeof verifyCursor>;

const encodeCursor = (cursor: VerifyCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): VerifyCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('cursor is not one GET /audit/verify returned');
  }
  return parseInput(verifyCursor, parsed, 'cursor');
}

/** What a check of the whole trail found: every chain intact, or the first bad record of the first broken chain. */
export type AuditVerdict =
  | { ok: true; events: number; chains: number; sealed?: SealedSummary; next?: string }
  | { ok: false; events: number; chain: string; firstBadSeq: number; problem: ChainProblem | SealProblem; detail: string };

/** What the check of the seals found: signed checkpoints, the events they cover, and the events not yet in one. */
export interface SealedSummary {
  checkpoints: number;
  logSize: number;
  lastCheckpointAt?: string;
  /** Events of the chains that no checkpoint covers yet (the sealer runs a moment behind, and hourly at the latest). */
  unsealed: number;
}

/** A chain being checked: where it stands and the events read since. */
interface OpenChain {
  name: string;
  position: ChainPosition;
  events: AuditEvent[];
}

/** Where the bulk read has come to in a chain: at its head, or (`undefined`) past its last record, or mid-way. */
type ChainEnd = ChainHead | undefined | 'more to come';

/**
 * Checks every chain of the trail, each against its own head. The trail is read in bulk, in chain order, from
 * an index that can lag the table by a moment, so a chain that looks broken there is read again from the
 * table itself (its head first, then its events up to that head) before the check says so: a change written
 * while the check ran is no break. One call checks up to 5,000 events; a longer trail answers with `next`, a
 * cursor that carries the check on from there (the CLI follows it).
 */
export async function verifyAudit(ctx: AuditContext, principal: Principal, cursorText?: string): Promise<AuditVerdict> {
  requireRole(principal, 'admin', 'auditor');
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  let checked = cursor?.checked ?? 0;
  let chains = cursor?.chains ?? 0;
  let open: OpenChain | undefined = cursor?.chain ? { ...cursor.chain, events: [] } : undefined;
  // A chain settled by reading it from the table: the rest of its records in the bulk read are passed over,
  // in this call and the next.
  let settled: string | undefined = cursor?.settled;

  /** Checks what was read of the open chain; a break found in the bulk read is confirmed against the table. */
  const check = async (chain: OpenChain, end: ChainEnd): Promise<AuditVerdict | undefined> => {
    const verdict = end === 'more to come' ? verifyChain(chain.events, undefined, chain.position, false) : end === undefined ? headless(chain) : verifyChain(chain.events, end, chain.position);
    if (verdict.ok) {
      checked += chain.events.length;
      if (end === 'more to come') {
        const last = chain.events.at(-1);
        if (last) open = { name: chain.name, position: { seq: last.seq + 1, prevHash: last.hash }, events: [] };
      } else {
        chains += 1;
        open = undefined;
      }
      return undefined;
    }
    settled = chain.name;
    open = undefined;
    const now = await ctx.store.chainAsItStands(chain.name);
    const confirmed = now.head === undefined ? headless({ name: chain.name, position: CHAIN_START, events: now.events }) : verifyChain(now.events, now.head);
    if (!confirmed.ok) return { ...confirmed, events: checked, chain: chain.name };
    checked += now.events.filter((e) => e.seq >= chain.position.seq).length;
    chains += 1;
    return undefined;
  };

  let next = cursor?.page;
  let inThisCall = 0;
  if (cursor?.seals) return sealsPart(ctx, { checked, chains, seals: cursor.seals }, VERIFY_WINDOW);
  do {
    const page = await ctx.store.chainRecords({ limit: Math.min(500, VERIFY_WINDOW - inThisCall), next });
    for (const record of page.items) {
      if (record.chain === settled) continue;
      if (open && open.name !== record.chain) {
        const broken = await check(open, undefined);
        if (broken) return broken;
      }
      open ??= { name: record.chain, position: CHAIN_START, events: [] };
      if ('event' in record) {
        open.events.push(record.event);
        inThisCall += 1;
      } else {
        const broken = await check(open, record.head);
        if (broken) return broken;
      }
    }
    next = page.next;
    if (open) {
      const broken = await check(open, next ? 'more to come' : undefined);
      if (broken) return broken;
    }
  } while (next && inThisCall < VERIFY_WINDOW);
  if (!next) return sealsPart(ctx, { checked, chains }, VERIFY_WINDOW - inThisCall);
  const carried = open as OpenChain | undefined;
  return { ok: true, events: checked, chains, next: encodeCursor({ page: next, chain: carried ? { name: carried.name, position: carried.position } : undefined, settled, checked, chains }) };
}

/** The check of the seals, once every chain is checked (a trail with no evidence store has chains only). */
async function sealsPart(ctx: AuditContext, done: { checked: number; chains: number; seals?: SealsCursor }, budget: number): Promise<AuditVerdict> {
  const { checked, chains } = done;
  if (!ctx.evidence) return { ok: true, events: checked, chains };
  const verdict = await verifySeals({ ...ctx.evidence, eventsByKey: (keys) => ctx.store.eventsByKey(keys) }, done.seals, Math.max(budget, 1));
  if (!verdict.ok) return { ...verdict, events: checked };
  const { cursor } = verdict;
  if (!verdict.done) return { ok: true, events: checked, chains, next: encodeCursor({ seals: cursor, checked, chains }) };
  return { ok: true, events: checked, chains, sealed: { checkpoints: cursor.checkpoints, logSize: cursor.size, ...(cursor.at ? { lastCheckpointAt: cursor.at } : {}), unsealed: Math.max(0, checked - cursor.size) } };
}

/** A chain whose records ended without a head: the head was removed, or events were put there without one. */
function headless(chain: OpenChain): ChainVerdict {
  const lastSeq = chain.events.at(-1)?.seq ?? chain.position.seq - 1;
  const prefix = verifyChain(chain.events, undefined, chain.position, false);
  if (!prefix.ok) return prefix;
  return lastSeq === 0 ? prefix : { ok: false, events: chain.events.length, firstBadSeq: lastSeq + 1, problem: 'removed', detail: `the chain's head is missing (its last event is ${lastSeq})` };
}
