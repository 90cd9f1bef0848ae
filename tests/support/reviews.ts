import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { reviewCadences } from '../../config/review-cadences.ts';
import type { ReviewCadences } from '../../core/reviews/cadences.ts';
import type { LocalCloudUrls } from '../../local/cloud.ts';
import { stateMachineName } from '../../workflows/index.ts';
import { everyItem, ok, type Caller } from './api.ts';
import { assertLoopback, eventually, executionHistory } from './clients.ts';
import { inboxMessages, type InboxMessage } from './inbox.ts';

const seconds = (n: number) => n / 86_400;
const never = 3650;
const atOnce = seconds(0.001);

/**
 * The repository's cadences with the critical tier's cycles a millisecond long (a critical account is due by
 * the time a run reads it) and answers due within 20 s (reminder after 10 s): the tests watch whole review
 * cycles pass. Other tiers never fall due here.
 */
export const testReviewCadences: ReviewCadences = {
  ...reviewCadences,
  recertificationDays: { low: never, medium: never, high: never, critical: atOnce },
  brandAuditDays: { low: never, medium: never, high: never, critical: atOnce },
  credentialMaxAgeDays: { low: never, medium: never, high: never, critical: atOnce },
  answerWithinDays: seconds(20),
  reminderBeforeDays: seconds(10),
  expiryNoticeDays: seconds(30),
  handoverReminderDays: atOnce,
};

/** Writes the test cadences beside the cloud's data; the cloud reads them through STEWARD_REVIEW_CADENCES. */
export function writeTestReviewCadences(dataDir: string): string {
  const path = join(dataDir, 'review-cadences.test.json');
  writeFileSync(path, JSON.stringify(testReviewCadences));
  return path;
}

/** Runs the reviews (these kinds) through the API and waits for the run to end; it must succeed, without a failed task. */
export async function runReviews(urls: LocalCloudUrls, admin: Caller, kinds: string[]) {
  const { runId } = await ok(admin('POST', '/review-runs', { body: { kinds } }));
  const run = await eventually(async () => {
    const status = await ok(admin('GET', `/review-runs/${runId}`));
    return status.status === 'RUNNING' ? undefined : status;
  }, `review run ${runId}`, 60_000);
  expect(run.status).toBe('SUCCEEDED');
  await expectNoFailedTask(urls, runId);
  return runId as string;
}

/** No task of the run failed, in the run or in the sweep parts it ran as child executions (a failed Lambda would be retried and its item handled twice). */
export async function expectNoFailedTask(urls: LocalCloudUrls, runId: string) {
  const historyOf = (executionArn: string) => executionHistory(urls, executionArn);
  const run = await historyOf(`arn:aws:states:${urls.region}:000000000000:execution:${stateMachineName('reviews')}:${runId}`);
  const parts = run
    .filter((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resourceType === 'states')
    .map((e) => (JSON.parse(e.taskSucceededEventDetails!.output!) as { ExecutionArn: string }).ExecutionArn);
  const events = [...run, ...(await Promise.all(parts.map(historyOf))).flat()];
  expect(events.filter((e) => e.type === 'TaskFailed' || e.type === 'LambdaFunctionFailed')).toEqual([]);
  return { runEvents: run.length, parts: parts.length };
}

export async function reviewsOf(admin: Caller, subjectId: string) {
  return (await everyItem(admin, '/reviews')).filter((r: { subjectId: string }) => r.subjectId === subjectId);
}

/** The emails to a person whose subject matches. */
export async function mailTo(urls: LocalCloudUrls, personId: string, subject: RegExp): Promise<InboxMessage[]> {
  return (await inboxMessages(urls.inboxUrl)).filter((m) => m.to.some((t) => t.address === `${personId}@example.com`) && subject.test(m.subject));
}

/** The review link in an email. */
export const reviewLinkIn = (message: InboxMessage): string => {
  const link = /https?:\/\/\S+\/review\/[A-Za-z0-9._-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`no review link in "${message.subject}"`);
  return assertLoopback(link);
};
