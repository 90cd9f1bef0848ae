import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stateMachineName } from '../../workflows/index.ts';
import { accountBody, callerAs, ok, uniqueId, departed } from '../support/api.ts';
import { approvalFixture, approvalOf, approvalWithStatus, decideByLink, emailTo, linkFor, openLink, postDecision, requestAccess, stageNotified } from '../support/approvals.ts';
import { launchBrowser } from '../support/browser.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';

/**
 * Approvals end to end on the local cloud: requests through the API, links from the real inbox, decisions in
 * a real headless Chromium or over HTTP as a browser sends them, and the registry read back through the API.
 * The cloud runs tests/support/approval-rules.ts (critical access requests time out in seconds).
 */
const cloud = inject('localCloud');
const clients = localClients(cloud);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const grantsOf = async (admin: Awaited<ReturnType<typeof approvalFixture>>['admin'], personId: string) => (await admin('GET', `/people/${personId}/grants`)).body.items as any[];

/** An approver opens their link in the browser, optionally comments, and presses a button: what a person does. */
async function decideInBrowser(link: string, decision: 'approve' | 'reject', comment?: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(link);
    if (comment) await page.fill('#comment', comment);
    await page.click(`button.${decision}`);
    await page.waitForSelector('h1:text-matches("Decision recorded")');
    return await page.content();
  } finally {
    await page.close();
  }
}

const executionArn = (requestId: string) => `arn:aws:states:${cloud.region}:000000000000:execution:${stateMachineName('approval')}:${requestId}`;

describe('an access request decided in a browser', () => {
  it('emails the owner one link; Approve on its page creates the grant with its expiry and emails the requester', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id, credentialAccess: true, reason: 'Launch week <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">' });
    const link = await linkFor(cloud, fx.ownerId, request.id);

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.title()).toBe(`Access request ${request.id}`);
    // The reason is shown as text, inert: no script or image element was made from it, nothing ran.
    await expect(page.locator('td', { hasText: '<script>window.pwned = 1</script>' }).count()).resolves.toBe(1);
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await page.fill('#comment', 'Enjoy the launch');
    await page.click('button.approve');
    await page.waitForSelector('h1:text("Decision recorded: approved")');
    await page.close();

    const done = await approvalWithStatus(fx.requester, request.id, 'approved');
    expect(done.outcome).toMatchObject({ status: 'approved', by: fx.ownerId, grantId: expect.any(String) });
    const [grant] = (await grantsOf(fx.admin, fx.requesterId)).filter((g) => g.approvalId === request.id);
    expect(grant).toMatchObject({ accountId: fx.account.id, role: 'publisher', credentialAccess: true, status: 'active', grantedBy: fx.ownerId });
    const days = (Date.parse(grant.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
    const outcome = await emailTo(cloud, fx.requesterId, request.id, /approved$/);
    expect(outcome.text).toContain(grant.id);
    // The owner can act on the email before the step that sent it has recorded sending it: wait for that record.
    const timeline = await eventually(async () => {
      const actions = (await ok(fx.requester('GET', `/approvals/${request.id}`))).timeline.map((e: { action: string }) => e.action) as string[];
      return actions.includes('approval.approvers-notified') ? actions : undefined;
    }, 'the notification in the timeline');
    expect(timeline).toEqual(expect.arrayContaining(['approval.requested', 'approval.stage-started', 'approval.approvers-notified', 'approval.approved-by', 'approval.approved', 'approval.requester-notified']));
    expect(done.stages[0].decisions).toEqual([expect.objectContaining({ approverId: fx.ownerId, decision: 'approve', comment: 'Enjoy the launch' })]);
  });

  it('Reject records the decision, creates no grant, and tells the requester why', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    expect(await decideInBrowser(await linkFor(cloud, fx.ownerId, request.id), 'reject', 'Not this quarter')).toContain('Decision recorded: rejected');
    const done = await approvalWithStatus(fx.requester, request.id, 'rejected');
    expect(done.outcome).toMatchObject({ status: 'rejected', by: fx.ownerId, note: 'Not this quarter' });
    expect(await grantsOf(fx.admin, fx.requesterId)).toEqual([]);
    expect((await emailTo(cloud, fx.requesterId, request.id, /rejected$/)).text).toContain('Not this quarter');
  });
});

describe('an access request decided through the API (the console)', () => {
  it("takes the current stage's approver's decision once, under the link's rules, and the workflow moves on", async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    const owner = await callerAs(cloud, fx.ownerId, ['owner']);
    const path = `/approvals/${request.id}/decisions`;
    // The stage opens when the workflow reaches it and emails its approver; until then a decision is "not open yet".
    const link = await linkFor(cloud, fx.ownerId, request.id);
    // Only an approver of the stage it waits at; a malformed body changes nothing either.
    expect((await fx.requester('POST', path, { body: { decision: 'approve' } })).status).toBe(403);
    expect((await owner('POST', path, { body: { decision: 'maybe' } })).status).toBe(400);
    expect((await owner('POST', path, { body: { decision: 'approve', csrf: 'x'.repeat(20) } })).status).toBe(400);
    const [first, second] = await Promise.all([owner('POST', path, { body: { decision: 'approve', comment: 'From the console' } }), owner('POST', path, { body: { decision: 'reject' } })]);
    // Two decisions at once from the same approver: exactly one is recorded, the other told it was already decided.
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? 'approved' : 'rejected';
    const done = await approvalWithStatus(fx.requester, request.id, winner);
    expect(done.stages[0].decisions).toHaveLength(1);
    // The email link now says what was decided and records nothing.
    const page = await openLink(link);
    expect(page.html).toContain('already decided');
    expect((await approvalOf(fx.admin, request.id)).stages[0].decisions).toHaveLength(1);
  });
});

describe('stages and separation of duties', () => {
  it('runs the owner stage, then the governance team; the owner is not asked twice, the other governance approvers are told', async () => {
    const fx = await approvalFixture(cloud, 'medium');
    // The owner is also in the governance team: having approved stage 1, they are left out of stage 2.
    await fx.admin('PATCH', `/people/${fx.ownerId}`, { body: { team: 'governance' } });
    const first = await fx.add('governance', { team: 'governance' });
    const second = await fx.add('governance', { team: 'governance' });
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });

    await decideInBrowser(await linkFor(cloud, fx.ownerId, request.id), 'approve');
    const atStage2 = await stageNotified(fx.requester, request.id, 1);
    expect(atStage2.stages[1].approvers).toEqual(expect.arrayContaining([first, second]));
    expect(atStage2.stages[1].approvers).not.toContain(fx.ownerId);
    expect(atStage2.stages[1].approvers).not.toContain(fx.requesterId);

    const secondLink = await linkFor(cloud, second, request.id);
    await decideInBrowser(await linkFor(cloud, first, request.id), 'approve');
    // "Any" stage: the other approver's link now only says who decided, and they were emailed.
    const late = await openLink(secondLink);
    expect(late.status).toBe(200);
    expect(late.html).toContain('Already decided');
    expect(late.csrf).toBeUndefined();
    expect((await postDecision(secondLink, { decision: 'reject', csrf: 'x'.repeat(43), cookie: `steward_csrf=${'x'.repeat(43)}` })).status).toBe(409);
    expect((await emailTo(cloud, second, request.id, /^Decided/)).text).toContain('no longer works');

    const done = await approvalWithStatus(fx.requester, request.id, 'approved');
    expect(done.stages.map((s: { decisions: { approverId: string }[] }) => s.decisions.map((d) => d.approverId))).toEqual([[fx.ownerId], [first]]);
  });

  it('gives the owner stage of an account whose owner has left to its interim owner, never to the leaver', async () => {
    const fx = await approvalFixture(cloud, 'low');
    await fx.add('governance', { team: 'governance' });
    await departed(fx.admin, fx.ownerId);
    const interim = await eventually(async () => {
      const { ownerId } = (await fx.admin('GET', `/accounts/${fx.account.id}`)).body;
      return ownerId === fx.ownerId ? undefined : (ownerId as string);
    }, 'an interim owner');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    const notified = await stageNotified(fx.requester, request.id);
    expect(notified.stages[0].approvers).toEqual([interim]);
  });

  it('a stage needing all approvers waits for each; the new account exists once the last one approves', async () => {
    const fx = await approvalFixture(cloud);
    const board = [await fx.add('board', { team: 'board' }), await fx.add('board', { team: 'board' })];
    const proposal = { platform: 'threads', handle: `@${uniqueId('new')}`, platformAccountId: uniqueId('pid'), displayName: 'ACME Careers', url: 'https://threads.net/@acme_careers', scope: 'external', purpose: 'Hiring news', team: 'hr', ownerId: fx.ownerId, riskTier: 'high' };
    const created = await fx.requester('POST', '/account-requests', { body: { account: proposal, reason: 'Recruiting season' } });
    expect(created.status, created.text).toBe(201);
    const request = created.body;

    expect(await decideInBrowser(await linkFor(cloud, board[0]!, request.id), 'approve')).toContain('still needs the other approvers');
    expect((await approvalOf(fx.requester, request.id)).status).toBe('pending');
    await decideInBrowser(await linkFor(cloud, board[1]!, request.id), 'approve');

    const done = await approvalWithStatus(fx.requester, request.id, 'approved');
    const account = (await fx.admin('GET', `/accounts/${done.outcome.accountId}`)).body;
    expect(account).toMatchObject({ status: 'active', handle: proposal.handle, ownerId: fx.ownerId, riskTier: 'high' });
  });
});

describe('deadlines', () => {
  it('reminds before the deadline, escalates to the fallback group at it, and expires a stage nobody decides', async () => {
    const fx = await approvalFixture(cloud, 'critical');
    const escalation = await fx.add('desk', { team: 'escalation-desk' });
    const expiry = await fx.add('desk', { team: 'expiry-desk' });
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    const ownerLink = await linkFor(cloud, fx.ownerId, request.id);

    expect((await emailTo(cloud, fx.ownerId, request.id, /^Reminder/)).text).toContain('still waits for your decision');
    const escalated = await linkFor(cloud, escalation, request.id);
    expect((await emailTo(cloud, escalation, request.id)).text).toContain('escalated to you');
    // The owner's link ended with their deadline; it changes nothing now.
    const stale = await openLink(ownerLink);
    expect(stale.status).toBe(410);
    // The escalation desk has six seconds: the page's own form, posted without a browser to start, fits them
    // on a loaded machine (the browser path is the first test's).
    expect((await decideByLink(escalated, 'approve')).status).toBe(200);

    await linkFor(cloud, expiry, request.id);
    const done = await approvalWithStatus(fx.requester, request.id, 'expired', 30_000);
    expect(done.stages.map((s: { status: string }) => s.status)).toEqual(['approved', 'expired']);
    expect(done.stages[0]).toMatchObject({ round: 1, approvers: [escalation], escalatedAt: expect.any(String) });
    expect(done.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['approval.reminded', 'approval.escalated', 'approval.stage-expired', 'approval.expired']));
    expect(await grantsOf(fx.admin, fx.requesterId)).toEqual([]);
    expect((await emailTo(cloud, fx.requesterId, request.id, /expired$/)).text).toContain('in time');
  });
});

describe('up-front refusals and withdrawal', () => {
  it('refuses, with no workflow, a requester without current training, one who already holds the grant, and a duplicate', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const untrainedId = await fx.add('untrained', { trainingExpiresAt: '2020-01-01' });
    const untrained = await callerAs(cloud, untrainedId, ['employee']);
    const refused = await untrained('POST', '/access-requests', { body: { accountId: fx.account.id, role: 'viewer', reason: 'please' } });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/training/);
    expect((await untrained('GET', '/approvals?mine=true')).body.items).toEqual([]);

    await fx.admin('POST', `/accounts/${fx.account.id}/grants`, { body: { personId: fx.requesterId, role: 'viewer', reason: 'already there' } });
    const holder = await fx.requester('POST', '/access-requests', { body: { accountId: fx.account.id, role: 'admin', reason: 'more' } });
    expect(holder.status).toBe(409);

    const other = await approvalFixture(cloud, 'low');
    await requestAccess(other.requester, { accountId: other.account.id });
    expect((await other.requester('POST', '/access-requests', { body: { accountId: other.account.id, role: 'viewer', reason: 'again' } })).status).toBe(409);
  });

  it('refuses, with 409 and no workflow, a new account whose platform account is already in the registry', async () => {
    const fx = await approvalFixture(cloud, 'low');
    // Someone to decide the governance stage, so the only reason left to refuse is the duplicate.
    await fx.add('gov', { team: 'governance' });
    const existing = (await fx.admin('GET', `/accounts/${fx.account.id}`)).body;
    const proposal = accountBody(fx.ownerId, { platform: existing.platform, platformAccountId: existing.platformAccountId });
    const refused = await fx.requester('POST', '/account-requests', { body: { account: proposal, reason: 'a second entry' } });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.message).toContain(existing.platformAccountId);
    expect((await fx.requester('GET', '/approvals?mine=true')).body.items).toEqual([]);
    // The same platform id on another platform is another account.
    const elsewhere = await fx.requester('POST', '/account-requests', { body: { account: { ...proposal, platform: existing.platform === 'x' ? 'threads' : 'x' }, reason: 'another platform' } });
    expect(elsewhere.status, elsewhere.text).toBe(201);
  });

  it('a withdrawn request ends, its links say so and change nothing, and the requester is told', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    const link = await linkFor(cloud, fx.ownerId, request.id);
    const page = await openLink(link);
    const withdrawn = await fx.requester('POST', `/approvals/${request.id}/withdraw`, { body: { reason: 'found another way' } });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect((await openLink(link)).status).toBe(410);
    const late = await postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie });
    expect(late.status).toBe(410);
    expect(late.html).toContain('withdrawn');
    const done = await approvalWithStatus(fx.requester, request.id, 'withdrawn');
    expect(done.stages[0].decisions).toEqual([]);
    expect(await grantsOf(fx.admin, fx.requesterId)).toEqual([]);
    await emailTo(cloud, fx.requesterId, request.id, /withdrawn$/);
    expect((await fx.requester('POST', `/approvals/${request.id}/withdraw`, { body: { reason: 'twice' } })).status).toBe(422);
  });
});

describe('exactly once', () => {
  it('100 concurrent POSTs of the same decision record one decision and complete the task once', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    const link = await linkFor(cloud, fx.ownerId, request.id);
    await stageNotified(fx.requester, request.id);
    const page = await openLink(link);
    const responses = await Promise.all(Array.from({ length: 100 }, () => postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);

    const done = await approvalWithStatus(fx.requester, request.id, 'approved');
    expect(done.stages[0].decisions).toHaveLength(1);
    expect(done.timeline.filter((e: { action: string }) => e.action === 'approval.approved-by')).toHaveLength(1);
    const { events } = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(request.id), maxResults: 1000 }));
    const callbacks = (events ?? []).filter((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource === 'invoke.waitForTaskToken');
    expect(callbacks).toHaveLength(1);
    expect((await grantsOf(fx.admin, fx.requesterId)).filter((g) => g.approvalId === request.id)).toHaveLength(1);
  });
});

describe('the task token', () => {
  it('is kept in the registry and never appears in an email', async () => {
    const fx = await approvalFixture(cloud, 'low');
    const request = await requestAccess(fx.requester, { accountId: fx.account.id });
    await linkFor(cloud, fx.ownerId, request.id);
    // The link goes out before the workflow parks the stage's task token: wait for the token.
    const token = await eventually(async () => {
      const { Item } = await clients.documents.send(new GetCommand({ TableName: cloud.registryTable, Key: { pk: `APPROVAL#${request.id}`, sk: 'WAIT' }, ConsistentRead: true }));
      return Item?.taskToken as string | undefined;
    }, 'the parked task token');
    expect(token.length).toBeGreaterThan(20);
    const mails = await inboxMessages(cloud.inboxUrl);
    expect(mails.filter((m) => `${m.text}${m.html}`.includes(token))).toEqual([]);
  });
});
