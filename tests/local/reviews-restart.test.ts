import { afterEach, describe, expect, it } from 'vitest';
import { accountBody, callerAs, ok, personBody, uniqueId } from '../support/api.ts';
import { writeTestApprovalRules } from '../support/approval-rules.ts';
import { eventually } from '../support/clients.ts';
import { discardCloud, restartCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';
import { expectNoFailedTask, mailTo, reviewsOf, writeTestReviewCadences } from '../support/reviews.ts';

/**
 * A review run killed (SIGKILL) right after a batch did its work and before the workflow recorded it: after a
 * restart the run resumes where it was, the batch runs again and changes nothing more, and every due account
 * has exactly one review, its notice recorded, and its owner emailed.
 */
let cloud: RunningCloud | undefined;
/** Items a run handles at once: parallel batches (workflows/reviews.asl.json) × items per batch (functions/workflow/review-steps.ts). */
const IN_FLIGHT = 5 * 4;

afterEach(async () => {
  await discardCloud(cloud);
  cloud = undefined;
});

describe('a review run across a crash', () => {
  it('resumes after kill -9 mid-sweep and opens each review once', async () => {
    cloud = await startOwnCloud((dataDir) => ({ STEWARD_APPROVAL_RULES: writeTestApprovalRules(dataDir), STEWARD_REVIEW_CADENCES: writeTestReviewCadences(dataDir) }));
    const urls = () => cloud!.urls;
    const admin = await callerAs(urls(), uniqueId('admin'), ['admin', 'hr']);
    const owner = uniqueId('owner');
    await ok(admin('POST', '/people', { body: personBody(owner) }));
    const accounts: string[] = [];
    for (let i = 0; i < 30; i++) accounts.push((await ok(admin('POST', '/accounts', { body: accountBody(owner, { riskTier: 'critical' }) }))).id);

    const fault = { function: 'reviewSteps', match: { action: 'batch' }, when: 'crash-after', count: 1 };
    expect((await fetch(`${urls().awsEndpoint}/_steward/faults`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(200);
    const { runId } = await ok(admin('POST', '/review-runs', { body: { kinds: ['recertification'] } }));
    await cloud.exited;
    cloud = await restartCloud(cloud);
    const resumed = await callerAs(urls(), uniqueId('admin'), ['admin']);
    const run = await eventually(async () => {
      const status = await ok(resumed('GET', `/review-runs/${runId}`));
      return status.status === 'RUNNING' ? undefined : status;
    }, 'the resumed run', 60_000);
    expect(run.status).toBe('SUCCEEDED');
    await expectNoFailedTask(urls(), runId);

    for (const id of accounts) {
      const reviews = await reviewsOf(resumed, id);
      expect(reviews.map((r: { kind: string }) => r.kind)).toEqual(['recertification']);
      expect(reviews[0].notifiedAt).toBeDefined();
    }
    // Every owner was emailed. Only an email sent by a step the kill interrupted before it recorded the notice
    // goes twice (email is at least once: SES has no idempotency key); at most the items in flight at the kill.
    const invitations = await eventually(async () => {
      const found = await mailTo(urls(), owner, /^Access recertification/);
      return new Set(found.map((m) => m.subject)).size === accounts.length ? found : undefined;
    }, 'an invitation for every account');
    expect(invitations.length).toBeLessThanOrEqual(accounts.length + IN_FLIGHT);
  }, 150_000);
});
