import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestApprovalRules } from '../support/approval-rules.ts';
import { callerAs, ok, type Caller } from '../support/api.ts';
import { eventually, localClients } from '../support/clients.ts';
import { caseWhen, handoverKit } from '../support/handover.ts';
import { discardCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';
import { mailTo } from '../support/reviews.ts';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { caseIdOf } from '../../core/handover/departures.ts';

/**
 * EventBridge and Scheduler deliver at least once. This cloud delivers every event and every schedule
 * firing twice at the same moment (`STEWARD_DELIVER_TWICE=1`), and each target must do its work once.
 */
let cloud: RunningCloud;
let admin: Caller;

beforeAll(async () => {
  cloud = await startOwnCloud((dataDir) => ({ STEWARD_DELIVER_TWICE: '1', STEWARD_APPROVAL_RULES: writeTestApprovalRules(dataDir) }));
  admin = await callerAs(cloud.urls, 'twice-admin', ['admin', 'hr'], { team: 'governance' });
});

afterAll(() => discardCloud(cloud));

const executionsOf = async (workflow: string) =>
  (await localClients(cloud.urls).sfn.send(new ListExecutionsCommand({ stateMachineArn: `arn:aws:states:${cloud.urls.region}:000000000000:stateMachine:steward-${workflow}` }))).executions ?? [];

const fire = async (schedule: string, at: string) => {
  const response = await fetch(`${cloud.urls.awsEndpoint}/_steward/schedules/${schedule}/fire`, { method: 'POST', body: JSON.stringify({ at }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: unknown }).result;
};

describe('targets delivered twice', () => {
  it('a departure event twice: one case, one report to the governance team', async () => {
    const org = await handoverKit(cloud.urls).organisation();
    const leaver = await org.person('leaver');
    const { events } = localClients(cloud.urls);
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'steward.hr', DetailType: 'Staff Departure', Detail: JSON.stringify({ personId: leaver }) }] }));
    await caseWhen(org.hr, caseIdOf(leaver), (c) => c.closedAt !== undefined, 'the case to close');
    const cases = (await ok(org.hr('GET', '/departures?limit=100'))).items.filter((c: { personId: string }) => c.personId === leaver);
    expect(cases).toHaveLength(1);
    const reports = await eventually(async () => {
      const found = await mailTo(cloud.urls, 'twice-admin', new RegExp(`^Departure ${caseIdOf(leaver)}`));
      return found.length ? found : undefined;
    }, 'the report');
    expect(reports).toHaveLength(1);
  });

  it('the daily review schedule twice for one time: one run', async () => {
    const at = '2026-12-02T06:00:00Z';
    const fired = (await fire('reviews-daily', at)) as { ok: boolean; payload: { runId: string } };
    expect(fired.ok).toBe(true);
    const runs = await eventually(async () => {
      const listed = await executionsOf('reviews');
      return listed.length && listed.every((r) => r.status !== 'RUNNING') ? listed : undefined;
    }, 'the scheduled run', 60_000);
    expect(runs.map((r) => [r.name, r.status])).toEqual([[fired.payload.runId, 'SUCCEEDED']]);
  });

  it('the weekly digest twice for one time: one email to each of the governance team', async () => {
    const at = '2026-12-07T07:00:00Z';
    await fire('kpi-digest-weekly', at);
    const digests = await eventually(async () => {
      const found = await mailTo(cloud.urls, 'twice-admin', /^Steward weekly governance digest/);
      return found.length ? found : undefined;
    }, 'the digest');
    expect(digests).toHaveLength(1);
  });

  it('the canary twice: both runs succeed (each is its own synthetic check)', async () => {
    await fire('canary', '2026-12-02T06:00:00Z');
    const executions = await eventually(async () => {
      const listed = await executionsOf('canary');
      return listed.length === 2 && listed.every((e) => e.status !== 'RUNNING') ? listed : undefined;
    }, 'two canary runs');
    expect(executions.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});
