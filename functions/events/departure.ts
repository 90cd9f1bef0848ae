import middy from '@middy/core';
import * as z from 'zod';
import { HR_SYSTEM } from '../../core/auth.ts';
import { requestDeparture } from '../../core/handover/departures.ts';
import { parseInput } from '../../core/validation.ts';
import { workflowContext } from '../shared/workflow-context.ts';
import { logger } from '../shared/logger.ts';

const ctx = workflowContext();

const departureEvent = z.object({ 'detail-type': z.literal('Staff Departure'), source: z.literal('steward.hr'), detail: z.unknown() });

/** A "Staff Departure" event starts the same handover as `govern depart` (the same person twice: one case). */
export const handler = middy(async (event: unknown) => {
  const { detail } = parseInput(departureEvent, event, 'departure event');
  const { created, case: departure } = await requestDeparture(ctx, HR_SYSTEM, detail);
  logger.info('departure event', { caseId: departure.id, created });
  return { caseId: departure.id, created };
});
