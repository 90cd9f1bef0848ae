import middy from '@middy/core';
import * as z from 'zod';
import { report } from '../../core/handover/reports.ts';
import { awaitRotationCustodian, handOver, markRotated, openCase, recordRotationFailure, recordRotationResult, revokeAll, rotationStart, scheduleOf } from '../../core/handover/steps.ts';
import { parseInput } from '../../core/validation.ts';
import { metered } from '../shared/clients.ts';
import { logger } from '../shared/logger.ts';
import { rotationContext } from '../shared/rotation.ts';

const ctx = rotationContext();

const caseId = z.string().regex(/^dep-[a-f0-9]{20}$/);
const accountId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const stepInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.enum(['schedule', 'open', 'revoke', 'hand-over', 'rotated', 'report']), caseId }),
  z.strictObject({ action: z.literal('rotation-start'), caseId, accountId }),
  z.strictObject({ action: z.literal('rotation-done'), caseId, accountId }),
  z.strictObject({ action: z.literal('rotation-failed'), caseId, accountId, error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough() }),
  z.strictObject({ action: z.literal('await-custodian'), caseId, accountId, token: z.string().min(32).max(64), taskToken: z.string().min(1).max(8192) }),
]);

/** The handover workflow's Lambda steps (workflows/handover.asl.json); the rules live in core/handover/. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(stepInput, event, 'handover step');
  const { result, meter } = await metered(() => step(input));
  logger.info('handover step', { action: input.action, caseId: input.caseId, itemsRead: meter.read, itemsReturned: meter.returned });
  return result;
});

async function step(input: z.output<typeof stepInput>) {
  switch (input.action) {
    case 'schedule':
      return scheduleOf(ctx, input.caseId);
    case 'open':
      return openCase(ctx, input.caseId);
    case 'revoke':
      return revokeAll(ctx, input.caseId);
    case 'hand-over':
      return handOver(ctx, input.caseId);
    case 'rotation-start':
      return rotationStart(ctx, input.caseId, input.accountId);
    case 'await-custodian':
      return awaitRotationCustodian(ctx, input);
    case 'rotation-done':
      return recordRotationResult(ctx, input.caseId, input.accountId, { status: 'rotated' });
    case 'rotation-failed':
      return recordRotationFailure(ctx, input.caseId, input.accountId, input.error);
    case 'rotated':
      return markRotated(ctx, input.caseId);
    case 'report':
      return report(ctx, input.caseId);
  }
}
