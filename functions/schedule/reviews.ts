import middy from '@middy/core';
import * as z from 'zod';
import { sendDigest } from '../../core/reviews/kpis.ts';
import { startScheduledRun } from '../../core/reviews/runs.ts';
import { parseInput } from '../../core/validation.ts';
import { logger } from '../shared/logger.ts';
import { reviewContext } from '../shared/review-context.ts';

const ctx = reviewContext();

/** EventBridge Scheduler fills `scheduledTime` from <aws.scheduler.scheduled-time>; the local scheduler does the same. */
const scheduleEvent = z.discriminatedUnion('job', [
  z.strictObject({ job: z.literal('reviews'), schedule: z.string().regex(/^[a-z0-9-]{1,40}$/), scheduledTime: z.iso.datetime({ offset: true }) }),
  z.strictObject({ job: z.literal('digest'), schedule: z.string().regex(/^[a-z0-9-]{1,40}$/), scheduledTime: z.iso.datetime({ offset: true }) }),
]);

/** The targets of the review schedules: start the day's review run once, or send the weekly digest. */
export const handler = middy(async (event: unknown) => {
  const input = parseInput(scheduleEvent, event, 'schedule event');
  if (input.job === 'reviews') {
    const run = await startScheduledRun(ctx, input.schedule, input.scheduledTime);
    logger.info('review run started', run);
    return run;
  }
  const { recipients } = await sendDigest(ctx, input.scheduledTime);
  logger.info('digest sent', { recipients });
  return { recipients };
});
