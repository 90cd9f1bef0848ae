import middy from '@middy/core';
import * as z from 'zod';
import { riskTiers } from '../../core/registry/model.ts';
import { sweepKinds } from '../../core/reviews/model.ts';
import { BATCH_SIZE, finishRun, planRun, reassignReviewsOfCase, sweepBatch, sweepBatches } from '../../core/reviews/steps.ts';
import { parseInput } from '../../core/validation.ts';
import { metered } from '../shared/clients.ts';
import { logger } from '../shared/logger.ts';
import { reviewContext } from '../shared/review-context.ts';

const ctx = reviewContext();

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

/** The reviews workflow's Lambda steps (workflows/reviews.asl.json); the rules live in core/reviews/steps.ts. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(stepInput, event, 'review step');
  const { result, meter } = await metered(() => step(input));
  logger.info('review step', { action: input.action, ...('runId' in input ? { runId: input.runId } : { caseId: input.caseId }), ...('sweep' in input ? { sweep: input.sweep } : {}), itemsRead: meter.read, itemsReturned: meter.returned });
  return result;
});

async function step(input: z.output<typeof stepInput>) {
  switch (input.action) {
    case 'plan':
      return planRun(ctx, input.runId, input.kinds);
    case 'reassign-reviews':
      return reassignReviewsOfCase(ctx, input.caseId);
    case 'page':
      return sweepBatches(ctx, input.sweep, input.next);
    case 'batch': {
      const outcomes = await sweepBatch(ctx, input.runId, input.sweep, input.refs);
      logger.info('review batch', { runId: input.runId, sweep: input.sweep, outcomes });
      return outcomes;
    }
    case 'finish':
      return finishRun(ctx, input.runId);
  }
}
