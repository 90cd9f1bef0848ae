import { STEWARD } from '../auth.ts';
import { chunk } from '../batches.ts';
import { ConflictError } from '../errors.ts';
import { auditEntry, found, stamp } from '../registry/index.ts';
import type { DepartureCase } from './model.ts';
import type { HandoverContext, HandoverWrite } from './ports.ts';

/**
 * Reading and saving a departure case. Every step of a handover, every answer of a successor or custodian and
 * every report goes through these, so the rules of writing a case (what counts as a change, how results are
 * split over transactions, what one audit event records) are in one place.
 */

/** A case with all its results, or only those of `accountIds` (a step about one account reads just that one). */
export const loadCase = async (ctx: HandoverContext, id: string, accountIds?: readonly string[]) => found(await ctx.store.getDeparture(id, accountIds), `departure ${id}`);

/** A transaction holds at most 100 items; results beyond this go in further commits of the same action. */
const RESULTS_PER_COMMIT = 80;

const summaryOf = ({ accounts: _accounts, version: _version, updatedAt: _updatedAt, ...rest }: DepartureCase) => JSON.stringify(rest);

const caseSummary = (c: DepartureCase) => ({ status: c.status, revokedAt: c.revokedAt, rotatedAt: c.rotatedAt, reportedAt: c.reportedAt, closedAt: c.closedAt });

/**
 * Writes what changed: the per-account results that differ (each its own item, optimistic on its revision, so
 * rotations of different accounts never collide) and the case's own fields when they differ (optimistic on
 * the case version). One audit event per commit; `extra` writes go in the first.
 */
export async function saveCase(ctx: HandoverContext, current: DepartureCase, next: DepartureCase, action: string, extra: HandoverWrite[] = [], reason?: string): Promise<DepartureCase> {
  const changed = Object.values(next.accounts).filter((r) => JSON.stringify(r) !== JSON.stringify(current.accounts[r.accountId]));
  const revised = changed.map((r) => ({ ...r, revision: (current.accounts[r.accountId]?.revision ?? 0) + 1 }));
  const summaryChanged = summaryOf(current) !== summaryOf(next);
  const stamped: DepartureCase = {
    ...next,
    accounts: { ...next.accounts, ...Object.fromEntries(revised.map((r) => [r.accountId, r])) },
    ...(summaryChanged ? { version: current.version + 1, updatedAt: stamp(ctx.now()) } : { version: current.version, updatedAt: current.updatedAt }),
  };
  const resultWrites: HandoverWrite[] = revised.map((r) => ({ type: 'departure-result', caseId: current.id, item: r, expectedRevision: current.accounts[r.accountId]?.revision ?? null }));
  const chunks = chunk(resultWrites, RESULTS_PER_COMMIT);
  if (chunks.length === 0) chunks.push([]);
  const { accounts: _accounts, ...summary } = stamped;
  for (const [i, part] of chunks.entries()) {
    const last = i === chunks.length - 1;
    const writes: HandoverWrite[] = [...(i === 0 ? extra : []), ...part, ...(last && summaryChanged ? [{ type: 'departure', item: summary, expectedVersion: current.version } as HandoverWrite] : [])];
    if (writes.length === 0) continue;
    await ctx.store.commit({ writes, audit: auditEntry(STEWARD, action, 'departure', current.id, undefined, caseSummary(stamped), chunks.length > 1 ? `${reason ?? ''} (part ${i + 1} of ${chunks.length})`.trim() : reason) });
  }
  return stamped;
}

/**
 * Read-modify-write of a case that others may write at the same moment (the rotations of a handover run five
 * at a time; successors and custodians answer whenever they do): a lost race re-reads and tries again.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * Math.min(attempt, 8)));
    }
  }
}
