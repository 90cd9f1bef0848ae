import middy from '@middy/core';
import * as z from 'zod';
import { rotationStepEvent } from '../../core/rotation/model.ts';
import { rotationStep } from '../../core/rotation/rotation.ts';
import { parseInput } from '../../core/validation.ts';
import { logger } from '../shared/logger.ts';
import { rotationContext } from '../shared/rotation.ts';

const ctx = rotationContext();

const rotationEvent = rotationStepEvent.extend({
  /** Set by the handover workflow, which calls this function step by step; Secrets Manager's schedule does not. */
  DepartureCaseId: z.string().regex(/^dep-[a-f0-9]{20}$/).optional(),
});

/**
 * The rotation function of the accounts' shared logins: Secrets Manager's scheduled rotation calls it, and so
 * does the handover workflow. The steps are in core/rotation/rotation.ts; no value is ever logged.
 */
export const handler = middy(async (event: unknown) => {
  const { Step, SecretId, ClientRequestToken, DepartureCaseId } = parseInput(rotationEvent, event, 'rotation event');
  logger.info('rotating an account login', { step: Step, caseId: DepartureCaseId });
  await rotationStep(ctx, Step, SecretId, ClientRequestToken, DepartureCaseId);
  return { step: Step };
});
