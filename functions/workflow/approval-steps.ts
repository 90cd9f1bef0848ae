import middy from '@middy/core';
import * as z from 'zod';
import { advance, finish, parkStageWait } from '../../core/approvals/progress.ts';
import { parseInput } from '../../core/validation.ts';
import { workflowContext } from '../shared/workflow-context.ts';
import { logger } from '../shared/logger.ts';

const ctx = workflowContext();

const requestId = z.string().regex(/^apr-[a-z0-9]{1,59}$/);
const stepInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('advance'), requestId }),
  z.strictObject({ action: z.literal('park'), requestId, stage: z.number().int().min(0), taskToken: z.string().min(1).max(8192) }),
  z.strictObject({ action: z.literal('finish'), requestId }),
]);

/** The approval workflow's Lambda steps (workflows/approval.asl.json); the rules live in core/approvals/progress.ts. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(stepInput, event, 'approval step');
  switch (input.action) {
    case 'advance': {
      const next = await advance(ctx, input.requestId);
      logger.info('approval advanced', { requestId: input.requestId, next: next.next });
      return next;
    }
    case 'park': {
      const parked = await parkStageWait(ctx, input);
      logger.info('approval stage parked', { requestId: input.requestId, stage: input.stage, parked });
      return { parked };
    }
    case 'finish':
      return finish(ctx, input.requestId);
  }
});
