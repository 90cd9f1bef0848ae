import { createHash } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod';
import { STEWARD } from '../../core/auth.ts';
import { auditEntry, found } from '../../core/registry/common.ts';
import { riskTiers } from '../../core/registry/model.ts';
import { sweepKinds } from '../../core/reviews/model.ts';
import { refreshKpis } from '../../core/reviews/kpis.ts';
import { reassignReviewsOf } from '../../core/reviews/reviews.ts';
import { planSweeps, sweepItem, sweepPage, type ItemOutcome } from '../../core/reviews/sweeps.ts';
import { parseInput } from '../../core/validation.ts';
import { metered } from '../shared/clients.ts';
import { logger } from '../shared/logger.ts';
import { reviewContext } from '../shared/review-context.ts';

const ctx = reviewContext();

/** Items per page read from the due index, and per batch handed to one invocation. */
const PAGE_SIZE = 100;
const BATCH_SIZE = 10;
/** Items of one batch handled at once. */
const BATCH_WIDTH = 4;

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);
const sweep = z.strictObject({ kind: z.enum(sweepKinds), tier: z.enum(riskTiers).optional(), source: z.enum(['accounts', 'departed', 'findings']).optional() });
const stepInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('plan'), runId, kinds: z.array(z.enum(sweepKinds)).min(1).nullable().optional() }),
  z.strictObject({ action: z.literal('page'), runId, sweep, next: z.string().max(4096).nullable() }),
  z.strictObject({ action: z.literal('batch'), runId, sweep, refs: z.array(z.string().min(1).max(200)).max(BATCH_SIZE) }),
  z.strictObject({ action: z.literal('finish'), runId }),
  // A step of the handover workflow: the leaver's open reviews are handed on.
  z.strictObject({ action: z.literal('reassign-reviews'), caseId: z.string().regex(/^dep-[a-f0-9]{20}$/) }),
]);

const sweepKey = (run: string, planned: z.output<typeof sweep>) => createHash('sha256').update(JSON.stringify([run, planned.kind, planned.tier ?? null, planned.source ?? null])).digest('hex').slice(0, 32);

const chunk = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The reviews workflow's Lambda steps (workflows/reviews.asl.json); the rules live in core/reviews/. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(stepInput, event, 'review step');
  const { result, meter } = await metered(() => step(input));
  logger.info('review step', { action: input.action, ...('runId' in input ? { runId: input.runId } : { caseId: input.caseId }), ...('sweep' in input ? { sweep: input.sweep } : {}), itemsRead: meter.read, itemsReturned: meter.returned });
  return result;
});

async function step(input: z.output<typeof stepInput>) {
  switch (input.action) {
    case 'plan': {
      const kinds = input.kinds ?? [...sweepKinds];
      await ctx.store.commit({ writes: [], audit: auditEntry(STEWARD, 'reviews.run-started', 'review-run', input.runId, undefined, { kinds }) });
      // Each sweep's key names its child executions: the same run and sweep always get the same names.
      return { runId: input.runId, sweeps: planSweeps(kinds).map((sweep) => ({ sweep, key: sweepKey(input.runId, sweep) })) };
    }
    case 'reassign-reviews': {
      const departure = found(await ctx.store.getDeparture(input.caseId, []), `departure ${input.caseId}`);
      return reassignReviewsOf(ctx, departure.personId);
    }
    case 'page': {
      const page = await sweepPage(ctx, input.sweep, { limit: PAGE_SIZE, next: input.next ?? undefined });
      return { batches: chunk(page.refs, BATCH_SIZE), next: page.next ?? null, more: page.next !== undefined };
    }
    case 'batch': {
      const outcomes: Partial<Record<ItemOutcome, number>> = {};
      const refs = [...input.refs];
      await Promise.all(
        Array.from({ length: BATCH_WIDTH }, async () => {
          for (let ref = refs.shift(); ref !== undefined; ref = refs.shift()) {
            const outcome = await sweepItem(ctx, input.sweep, ref, input.runId);
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          }
        }),
      );
      logger.info('review batch', { runId: input.runId, sweep: input.sweep, outcomes });
      return outcomes;
    }
    case 'finish': {
      // The figures after the run, kept for GET /kpis (a large registry takes longer to read than an API call may).
      const kpis = await refreshKpis(ctx);
      await ctx.store.commit({ writes: [], audit: auditEntry(STEWARD, 'reviews.run-finished', 'review-run', input.runId, undefined, { kpisAsOf: kpis.asOf }) });
      return { runId: input.runId };
    }
  }
}
