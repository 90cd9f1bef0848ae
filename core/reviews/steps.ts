import { createHash } from 'node:crypto';
import { STEWARD } from '../auth.ts';
import { chunk, inParallel } from '../batches.ts';
import { auditEntry, found } from '../registry/index.ts';
import { refreshKpis } from './kpis.ts';
import { sweepKinds, type SweepKind } from './model.ts';
import type { ReviewContext } from './ports.ts';
import { reassignReviewsOf } from './reviews.ts';
import { planSweeps, sweepItem, sweepPage, type ItemOutcome, type Sweep } from './sweeps.ts';

/**
 * The steps the reviews workflow runs (workflows/reviews.asl.json): plan a run's sweeps, read a sweep's due
 * items a page at a time in batches, act on a batch, finish the run; and the step the handover workflow asks
 * of the reviews (the leaver's open reviews handed on).
 */

/** Items per page read from the due index. */
const PAGE_SIZE = 100;
/** Items per batch handed to one invocation: a batch must end well within the step's Lambda timeout. */
export const BATCH_SIZE = 10;
/** Items of one batch handled at once. */
const BATCH_WIDTH = 4;

/** Names a sweep's child executions: the same run and sweep always get the same names, so a re-run starts none twice. */
const sweepKey = (runId: string, sweep: Sweep) => createHash('sha256').update(JSON.stringify([runId, sweep.kind, sweep.tier ?? null, sweep.source ?? null])).digest('hex').slice(0, 32);

/** A run begins: audited, and planned as its sweeps (all kinds unless it names some), each with its key. */
export async function planRun(ctx: ReviewContext, runId: string, kinds?: readonly SweepKind[] | null): Promise<{ runId: string; sweeps: { sweep: Sweep; key: string }[] }> {
  const planned = kinds ?? [...sweepKinds];
  await ctx.store.commit({ writes: [], audit: auditEntry(STEWARD, 'reviews.run-started', 'review-run', runId, undefined, { kinds: planned }) });
  return { runId, sweeps: planSweeps(planned).map((sweep) => ({ sweep, key: sweepKey(runId, sweep) })) };
}

/** One page of a sweep's due items, cut into the batches the workflow hands out; `next` (null at the end) reads on. */
export async function sweepBatches(ctx: ReviewContext, sweep: Sweep, next: string | null): Promise<{ batches: string[][]; next: string | null; more: boolean }> {
  const page = await sweepPage(ctx, sweep, { limit: PAGE_SIZE, next: next ?? undefined });
  return { batches: chunk(page.refs, BATCH_SIZE), next: page.next ?? null, more: page.next !== undefined };
}

/** Acts on one batch of a sweep's items, a few at a time; answers how many ended each way. */
export async function sweepBatch(ctx: ReviewContext, runId: string, sweep: Sweep, refs: readonly string[]): Promise<Partial<Record<ItemOutcome, number>>> {
  const outcomes: Partial<Record<ItemOutcome, number>> = {};
  await inParallel(refs, BATCH_WIDTH, async (ref) => {
    const outcome = await sweepItem(ctx, sweep, ref, runId);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  return outcomes;
}

/** A run ends: the figures after it are kept for GET /kpis (a large registry takes longer to read than an API call may), audited. */
export async function finishRun(ctx: ReviewContext, runId: string): Promise<{ runId: string }> {
  const kpis = await refreshKpis(ctx);
  await ctx.store.commit({ writes: [], audit: auditEntry(STEWARD, 'reviews.run-finished', 'review-run', runId, undefined, { kpisAsOf: kpis.asOf }) });
  return { runId };
}

/** A step of the handover workflow: the leaver's open reviews go to whoever answers for their subjects now. */
export async function reassignReviewsOfCase(ctx: ReviewContext, caseId: string): Promise<{ reassigned: number }> {
  const departure = found(await ctx.store.getDeparture(caseId, []), `departure ${caseId}`);
  return reassignReviewsOf(ctx, departure.personId);
}
