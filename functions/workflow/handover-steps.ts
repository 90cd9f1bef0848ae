import middy from '@middy/core';
import * as z from 'zod';
import { handOver, openCase, report, revokeAll, scheduleOf } from '../../core/handover/departures.ts';
import { parseInput } from '../../core/validation.ts';
import { approvalContext } from '../shared/approvals.ts';
import { logger } from '../shared/logger.ts';

const ctx = approvalContext();

const caseId = z.string().regex(/^dep-[a-f0-9]{20}$/);
const stepInput = z.strictObject({ action: z.enum(['schedule', 'open', 'revoke', 'hand-over', 'report']), caseId });

/** The handover workflow's Lambda steps (workflows/handover.asl.json); the rules live in core/handover/. */
export const handler = middy(async (event: unknown) => {
  const { action, caseId: id } = parseInput(stepInput, event, 'handover step');
  logger.info('handover step', { action, caseId: id });
  switch (action) {
    case 'schedule':
      return scheduleOf(ctx, id);
    case 'open':
      return openCase(ctx, id);
    case 'revoke':
      return revokeAll(ctx, id);
    case 'hand-over':
      return handOver(ctx, id);
    case 'report':
      return report(ctx, id);
  }
});
