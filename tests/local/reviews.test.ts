import { GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { approvalItem, reviewItem } from '../../adapters/dynamodb/registry-keys.ts';
import type { Review } from '../../core/reviews/model.ts';
import { reviewIdOf } from '../../core/reviews/reviews.ts';
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBody, callerAs, everyItem, ok, personBody, uniqueId, type Caller, departed } from '../support/api.ts';
import { openLink, postPageForm } from '../support/approvals.ts';
import { launchBrowser, seriousViolations, signInToConsole } from '../support/browser.ts';
import { eventually, localClients } from '../support/clients.ts';
import { startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';
import { logsIn, platformCall } from '../support/platform.ts';
import { mailTo, reviewLinkIn, reviewsOf, runReviews, writeTestReviewCadences } from '../support/reviews.ts';
import { assertNoSecretLeaked, SECRET_MARKER } from '../support/secrets.ts';
import { writeTestApprovalRules } from '../support/approval-rules.ts';
import { stateMachineName } from '../../workflows/index.ts';

/**
 * Each review kind end to end on a local cloud of this file's own, whose critical tier's cycles last a second
 * (tests/support/reviews.ts): the runs go through the reviews workflow, the emails through the real inbox,
 * the pages through Debian's Chromium where a person answers them.
 */
let cloud: RunningCloud;
let browser: Browser;
let admin: Caller;
const urls = () => cloud.urls;
const governance = uniqueId('gov');
const auditor = uniqueId('brand');

beforeAll(async () => {
  cloud = await startOwnCloud((dataDir) => ({ STEWARD_APPROVAL_RULES: writeTestApprovalRules(dataDir), STEWARD_REVIEW_CADENCES: writeTestReviewCadences(dataDir) }));
  browser = await launchBrowser();
  admin = await callerAs(urls(), uniqueId('admin'), ['admin', 'hr']);
  // The escalation group (governance) and the brand auditors (communications) of the approval rules.
  await ok(admin('POST', '/people', { body: personBody(governance, { team: 'governance' }) }));
  await ok(admin('POST', '/people', { body: personBody(auditor, { team: 'communications' }) }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  assertNoSecretLeaked(cloud.dataDir);
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

async function person(extra: Record<string, unknown> = {}) {
  const id = uniqueId('p');
  await ok(admin('POST', '/people', { body: personBody(id, extra) }));
  return id;
}

/** A critical account (its reviews fall due a second after it is registered), with a login on the simulated platform. */
async function criticalAccount(ownerId: string, options: { passwordApi?: boolean; extra?: Record<string, unknown> } = {}) {
  const account = await ok(admin('POST', '/accounts', { body: accountBody(ownerId, { riskTier: 'critical', backupOwnerId: undefined, ...options.extra }) }));
  const login = { username: `user-${account.id}`, password: `${SECRET_MARKER}${uniqueId('pw')}-A1!` };
  await ok(admin('PUT', `/accounts/${account.id}/credential`, { body: login }));
  await platformCall(urls().platformUrl, 'PUT', `/accounts/${account.platformAccountId}`, { ...login, passwordApi: options.passwordApi ?? true });
  return { ...account, login } as { id: string; platformAccountId: string; login: { username: string; password: string } };
}

async function currentLogin(accountId: string) {
  const { credential } = await ok(admin('GET', `/accounts/${accountId}`));
  return { credential, value: JSON.parse((await localClients(urls()).secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn }))).SecretString!) as { username: string; password: string } };
}

/** The login once a rotation replaced `old` (Secrets Manager rotates after RotateSecret answers, as on AWS). */
const rotatedLogin = (accountId: string, old: string) =>
  eventually(async () => {
    const now = await currentLogin(accountId);
    return now.value.password !== old ? now : undefined;
  }, `the rotation of ${accountId}'s login`);

const grant = (accountId: string, personId: string, credentialAccess: boolean, extra: Record<string, unknown> = {}) =>
  ok(admin('POST', `/accounts/${accountId}/grants`, { body: { personId, role: credentialAccess ? 'admin' : 'viewer', credentialAccess, reason: 'runs it', ...extra } }));

const auditOf = async (type: string, id: string) => everyItem(admin, `/audit?entityType=${type}&entityId=${encodeURIComponent(id)}`);

describe('access recertification', () => {
  it('opens once however often it runs; the owner keeps one grant and revokes another in the browser; the revoked login is rotated', async () => {
    const owner = await person();
    const [keeper, leaver] = [await person(), await person()];
    const account = await criticalAccount(owner);
    const kept = await grant(account.id, keeper, false);
    const revoked = await grant(account.id, leaver, true);

    await runReviews(urls(), admin, ['recertification']);
    await runReviews(urls(), admin, ['recertification']);
    const [review, ...more] = await reviewsOf(admin, account.id);
    expect(more).toEqual([]);
    expect(review).toMatchObject({ kind: 'recertification', assigneeId: owner, status: 'open' });
    expect(review.grants.map((g: { grantId: string }) => g.grantId).sort()).toEqual([kept.id, revoked.id].sort());
    const invitations = await eventually(async () => {
      const found = await mailTo(urls(), owner, /^Access recertification/);
      return found.length ? found : undefined;
    }, 'the invitation');
    expect(invitations).toHaveLength(1);

    const page = await browser.newPage();
    await page.goto(reviewLinkIn(invitations[0]!));
    await page.check(`input[name="grant:${kept.id}"][value="keep"]`);
    await page.check(`input[name="grant:${revoked.id}"][value="revoke"]`);
    await page.click('button[value="submit"]');
    await page.waitForSelector('text=Recorded: 1 kept, 1 revoked');
    await page.close();

    const grants = (await ok(admin('GET', `/accounts/${account.id}/grants`))).items;
    expect(grants.find((g: { id: string }) => g.id === kept.id).status).toBe('active');
    expect(grants.find((g: { id: string }) => g.id === revoked.id)).toMatchObject({ status: 'revoked', revokedBy: owner, revokedReason: `access recertification ${review.id}` });
    const done = await ok(admin('GET', `/reviews/${review.id}`));
    expect(done).toMatchObject({ status: 'completed', completedBy: owner, outcome: '1 kept, 1 revoked' });
    expect((await ok(admin('GET', `/accounts/${account.id}`))).lastRecertifiedAt).toBe(done.completedAt);

    // The person who could reveal the login no longer knows the current one: it was rotated, and works.
    const now = await rotatedLogin(account.id, account.login.password);
    expect(await logsIn(urls().platformUrl, account.platformAccountId, now.value)).toBe(true);
    expect(await logsIn(urls().platformUrl, account.platformAccountId, account.login)).toBe(false);
    expect((await auditOf('account', account.id)).map((e: { action: string }) => e.action)).toContain('credential.rotated');
  });

  it('reminds the owner before the deadline and escalates to the governance team at it; the escalation can answer', async () => {
    const leavingGovernor = await person({ team: 'governance' });
    const owner = await person();
    const account = await criticalAccount(owner);
    await grant(account.id, await person(), false);
    await runReviews(urls(), admin, ['recertification']);
    const [review] = await reviewsOf(admin, account.id);

    const reminded = await eventually(async () => {
      await runReviews(urls(), admin, ['follow-up']);
      const current = await ok(admin('GET', `/reviews/${review.id}`));
      return current.remindedAt ? current : undefined;
    }, 'the reminder', 40_000);
    expect(reminded.escalatedAt).toBeUndefined();
    expect(await mailTo(urls(), owner, /^Reminder: Access recertification/)).toHaveLength(1);

    const escalated = await eventually(async () => {
      await runReviews(urls(), admin, ['follow-up']);
      const current = await ok(admin('GET', `/reviews/${review.id}`));
      return current.escalatedAt ? current : undefined;
    }, 'the escalation', 40_000);
    expect(escalated.escalatedTo).toEqual(expect.arrayContaining([governance, leavingGovernor]));
    const [escalation] = await mailTo(urls(), governance, new RegExp(`^Access recertification.*${account.id}`));
    expect(escalation?.text).toContain('escalated to you');
    // Waiting for each of them in the console, though assigned to the owner.
    const mine = async (personId: string) => (await ok((await callerAs(urls(), personId, ['employee']))('GET', '/reviews?mine=true'))).items.map((r: Review) => r.id);
    expect(await mine(governance)).toContain(review.id);
    expect(await mine(leavingGovernor)).toContain(review.id);
    // One of them leaves: the escalation no longer names them.
    const departure = await ok(admin('POST', '/departures', { body: { personId: leavingGovernor } }));
    await eventually(async () => ((await ok(admin('GET', `/departures/${departure.id}`))).closedAt ? true : undefined), 'the departure to close');
    const afterLeaving = await ok(admin('GET', `/reviews/${review.id}`));
    expect(afterLeaving.escalatedTo).toContain(governance);
    expect(afterLeaving.escalatedTo).not.toContain(leavingGovernor);
    expect((await auditOf('review', review.id)).map((e: { action: string }) => e.action)).toContain('review.escalation-changed');

    // Nothing more is sent once escalated, however often the follow-up runs.
    await runReviews(urls(), admin, ['follow-up']);
    expect(await mailTo(urls(), governance, new RegExp(`^Access recertification.*${account.id}`))).toHaveLength(1);

    const link = reviewLinkIn(escalation!);
    const form = await openLink(link);
    const answered = await postPageForm(link, { action: 'submit', [`grant:${review.grants[0].grantId}`]: 'keep' }, form);
    expect(answered.status).toBe(200);
    expect(await ok(admin('GET', `/reviews/${review.id}`))).toMatchObject({ status: 'completed', completedBy: governance });
    expect(await mine(governance)).not.toContain(review.id);
    // A second answer changes nothing.
    expect((await postPageForm(link, { action: 'submit', [`grant:${review.grants[0].grantId}`]: 'revoke' }, form)).status).toBe(409);
  });
});

describe('a review whose invitation a crash left unsent', () => {
  it('is sent by a later run only once it is minutes old, and then once', async () => {
    const [owner, freshOwner] = [await person(), await person()];
    const [stale, fresh] = [await criticalAccount(owner), await criticalAccount(freshOwner)];
    // As another run left them: opened (conditional create done), never emailed.
    const strand = async (account: { id: string }, assigneeId: string, openedAt: string) => {
      const { createdAt } = await ok(admin('GET', `/accounts/${account.id}`));
      const review = { id: reviewIdOf('recertification', account.id, createdAt), kind: 'recertification', subjectType: 'account', subjectId: account.id, cycle: createdAt, assigneeId, reviewerIds: [], status: 'open', openedAt, dueAt: new Date(Date.now() + 86_400_000).toISOString(), escalatedTo: [], grants: [], openedByRun: 'manual-crashed', version: 1, createdAt: openedAt, updatedAt: openedAt };
      await localClients(urls()).documents.send(new PutCommand({ TableName: urls().registryTable, Item: reviewItem(review as Review) }));
      return review.id;
    };
    const staleId = await strand(stale, owner, new Date(Date.now() - 6 * 60_000).toISOString());
    const freshId = await strand(fresh, freshOwner, new Date().toISOString());

    await runReviews(urls(), admin, ['recertification']);
    await runReviews(urls(), admin, ['recertification']);
    expect(await mailTo(urls(), owner, /^Access recertification/)).toHaveLength(1);
    expect(await ok(admin('GET', `/reviews/${staleId}`))).toMatchObject({ noticeClaimedAt: expect.any(String), notifiedAt: expect.any(String) });
    // Seconds old: the run that opened it may still be sending; another run leaves it alone.
    expect(await mailTo(urls(), freshOwner, /^Access recertification/)).toHaveLength(0);
    expect((await ok(admin('GET', `/reviews/${freshId}`))).notifiedAt).toBeUndefined();
  });
});

describe('review pages', () => {
  it('change nothing on GET or HEAD, refuse cross-site and cookieless POSTs, and open nothing for a link naming someone else', async () => {
    const owner = await person();
    const account = await criticalAccount(owner);
    const kept = await grant(account.id, await person(), true);
    await runReviews(urls(), admin, ['recertification']);
    const [review] = (await reviewsOf(admin, account.id)).filter((r: { kind: string }) => r.kind === 'recertification');
    const link = reviewLinkIn((await eventually(async () => (await mailTo(urls(), owner, /^Access recertification/))[0], 'the invitation'))!);
    for (const method of ['GET', 'HEAD']) expect((await fetch(link, { method })).status).toBe(200);
    for (const agent of ['Mozilla/5.0 (compatible; Microsoft Office Protocol Discovery)', 'Slackbot-LinkExpanding 1.0']) expect((await fetch(link, { headers: { 'user-agent': agent } })).status).toBe(200);
    const page = await openLink(link);
    const answer = { action: 'submit', [`grant:${kept.id}`]: 'revoke' };
    expect((await postPageForm(link, answer, { csrf: page.csrf })).status).toBe(403);
    expect((await postPageForm(link, answer, page, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // The same signature over another person's claims, and a damaged token.
    const [head, payload, signature] = link.split('/review/')[1]!.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${link.split('/review/')[0]}/review/${head}.${Buffer.from(JSON.stringify({ ...claims, a: governance })).toString('base64url')}.${signature}`;
    expect((await fetch(forged)).status).toBe(400);
    expect((await fetch(`${link}x`)).status).toBe(400);
    // A form missing an answer changes nothing either.
    expect((await postPageForm(link, { action: 'submit' }, page)).status).toBe(400);
    expect(await ok(admin('GET', `/reviews/${review.id}`))).toMatchObject({ status: 'open' });
    expect((await ok(admin('GET', `/accounts/${account.id}/grants`))).items[0].status).toBe('active');
  });
});

describe('brand audit', () => {
  it('the brand auditor completes the checklist in the browser; the findings are recorded on the review and the account', async () => {
    const owner = await person();
    const account = await criticalAccount(owner);
    await runReviews(urls(), admin, ['brand-audit']);
    const [review] = await reviewsOf(admin, account.id).then((all) => all.filter((r: { kind: string }) => r.kind === 'brand-audit'));
    expect(review).toMatchObject({ assigneeId: auditor, status: 'open' });
    const [mail] = await eventually(async () => {
      const found = await mailTo(urls(), auditor, new RegExp(`^Brand audit.*${account.id}`));
      return found.length ? found : undefined;
    }, 'the brand audit email');

    const page = await browser.newPage();
    await page.goto(reviewLinkIn(mail!));
    for (const check of ['logo', 'colours', 'links', 'handle']) await page.check(`input[name="${check}"][value="pass"]`);
    await page.check('input[name="bio"][value="fail"]');
    await page.fill('textarea[name="notes"]', 'Bio still names the 2024 campaign <b>bold</b>');
    await page.click('button[value="submit"]');
    await page.waitForSelector('text=Recorded: findings: bio');
    await page.close();

    const done = await ok(admin('GET', `/reviews/${review.id}`));
    expect(done).toMatchObject({ status: 'completed', completedBy: auditor, outcome: 'findings: bio', notes: 'Bio still names the 2024 campaign <b>bold</b>' });
    expect(done.findings).toContainEqual({ check: 'bio', passed: false });
    expect(await ok(admin('GET', `/accounts/${account.id}`))).toMatchObject({ brandAuditStatus: 'findings', lastBrandAuditAt: done.completedAt });
  });
});

describe('reviews in the console', () => {
  it('are listed to whoever they ask and answered there under the link pages\' rules: a recertification and a brand audit', async () => {
    const owner = await person();
    const [keeper, leaver] = [await person(), await person()];
    const account = await criticalAccount(owner);
    const kept = await grant(account.id, keeper, false);
    const revoked = await grant(account.id, leaver, true);
    // The governance team runs the reviews from the console, as the daily schedule would.
    const lead = uniqueId('lead');
    await callerAs(urls(), lead, ['admin']);
    const leadPage = await signInToConsole(browser, urls().consoleUrl, lead, ['admin'], '/reviews');
    await leadPage.getByRole('button', { name: 'Run reviews now' }).click();
    await leadPage.getByText('Run succeeded').waitFor({ timeout: 60_000 });
    await leadPage.context().close();
    const reviews = await reviewsOf(admin, account.id);
    const recertification = reviews.find((r: { kind: string }) => r.kind === 'recertification');
    const brandAudit = reviews.find((r: { kind: string }) => r.kind === 'brand-audit');

    // Someone the review does not ask is refused by the API whatever the page would show.
    const stranger = await callerAs(urls(), await person(), ['owner']);
    expect((await stranger('POST', `/reviews/${recertification.id}/answers`, { body: { answers: { action: 'submit' } } })).status).toBe(403);

    const page = await signInToConsole(browser, urls().consoleUrl, owner, ['owner'], '/reviews');
    // The run opened reviews of every account in this file's cloud: this one is the row of this account.
    await page.getByRole('row', { name: new RegExp(account.id) }).getByRole('link', { name: 'Access recertification' }).click();
    await page.getByRole('heading', { name: 'Access recertification', level: 1 }).waitFor();
    // An incomplete list is refused by the API too, and changes nothing.
    expect((await (await callerAs(urls(), owner, ['owner']))('POST', `/reviews/${recertification.id}/answers`, { body: { answers: { action: 'submit', [`grant:${kept.id}`]: 'keep' } } })).status).toBe(400);
    await page.getByRole('radiogroup', { name: new RegExp(`^${keeper}`) }).getByRole('radio', { name: 'Keep' }).check();
    await page.getByRole('radiogroup', { name: new RegExp(`^${leaver}`) }).getByRole('radio', { name: 'Revoke' }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm the access list' }).click();
    await page.getByText('Recorded: 1 kept, 1 revoked.').waitFor();
    await page.context().close();
    expect(await ok(admin('GET', `/reviews/${recertification.id}`))).toMatchObject({ status: 'completed', completedBy: owner, outcome: '1 kept, 1 revoked' });
    expect((await ok(admin('GET', `/accounts/${account.id}/grants`))).items.find((g: { id: string }) => g.id === revoked.id).status).toBe('revoked');
    await rotatedLogin(account.id, account.login.password);

    const audit = await signInToConsole(browser, urls().consoleUrl, auditor, ['employee'], '/reviews');
    await audit.getByRole('row', { name: new RegExp(account.id) }).getByRole('link', { name: 'Brand audit' }).click();
    await audit.getByRole('heading', { name: 'Brand audit', level: 1 }).waitFor();
    expect(new URL(audit.url()).pathname).toBe(`/reviews/${brandAudit.id}`);
    for (const check of ['Profile picture', 'Colours', 'Links', 'The handle']) await audit.getByRole('radiogroup', { name: new RegExp(`^${check}`) }).getByRole('radio', { name: 'Yes' }).check();
    await audit.getByRole('radiogroup', { name: /^Bio/ }).getByRole('radio', { name: 'No' }).check();
    await audit.getByLabel('Findings (what is wrong, what was fixed)').fill('Bio names last year');
    await audit.getByRole('button', { name: 'Record the audit' }).click();
    await audit.getByText('Recorded: findings: bio.').waitFor();
    await audit.context().close();
    expect(await ok(admin('GET', `/accounts/${account.id}`))).toMatchObject({ brandAuditStatus: 'findings' });
    expect((await stranger('POST', `/reviews/${brandAudit.id}/answers`, { body: { answers: { action: 'submit' } } })).status).toBe(403);
    expect((await (await callerAs(urls(), auditor, ['employee']))('POST', `/reviews/${brandAudit.id}/answers`, { body: { answers: { action: 'submit' } } })).status).toBe(409);
  });
});

describe('policy review', () => {
  it('emails the owner and reviewers, takes comments by link and API, and closes when the owner publishes a new version', async () => {
    const [owner, reviewer, employee] = [await person(), await person(), await person()];
    const policyId = uniqueId('pol');
    const today = new Date().toISOString().slice(0, 10);
    await ok(admin('POST', '/policies', { body: { id: policyId, title: 'Posting rules', kind: 'policy', documentVersion: '1.0', documentUrl: 'https://intranet.example.com/posting', covers: { all: true }, reviewCadence: 'annual', ownerId: owner, reviewerIds: [reviewer], nextReviewAt: today } }));
    const linked = await ok(admin('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low', policies: [{ policyId, version: '1.0' }] }) }));
    await runReviews(urls(), admin, ['policy']);
    const [review] = await reviewsOf(admin, policyId);
    expect(review).toMatchObject({ kind: 'policy', assigneeId: owner, reviewerIds: [reviewer] });

    const reviewerMail = await eventually(async () => (await mailTo(urls(), reviewer, /^Policy review: Posting rules/))[0], 'the reviewer email');
    const reviewerLink = reviewLinkIn(reviewerMail);
    const reviewerPage = await openLink(reviewerLink);
    expect(reviewerPage.html).not.toContain('Publish the new version');
    expect((await postPageForm(reviewerLink, { action: 'comment', comment: 'Add a line on AI-generated images.' }, reviewerPage)).status).toBe(200);
    // A reviewer may comment, not close the review.
    expect((await postPageForm(reviewerLink, { action: 'confirm' }, reviewerPage)).status).toBe(400);
    // The policy covers everything: every active person was sent a comment link, and may use it.
    const employeeMail = await eventually(async () => (await mailTo(urls(), employee, /^Policy review: Posting rules/))[0], 'the employee’s comment link');
    expect(employeeMail.text).toContain('your comments are asked for');
    const employeeLink = reviewLinkIn(employeeMail);
    const employeePage = await openLink(employeeLink);
    expect((await postPageForm(employeeLink, { action: 'comment', comment: 'Please shorten section 3.' }, employeePage)).status).toBe(200);
    expect((await postPageForm(employeeLink, { action: 'publish', documentVersion: '9', documentUrl: 'https://evil.example/p' }, employeePage)).status).toBe(400);
    // Anyone who joined since comments through the API.
    const latecomer = await person();
    const asLatecomer = await callerAs(urls(), latecomer, ['employee']);
    expect((await asLatecomer('POST', `/reviews/${review.id}/comments`, { body: { text: 'And mention the new platform.' } })).status).toBe(201);

    const ownerMail = await eventually(async () => (await mailTo(urls(), owner, /^Policy review: Posting rules/))[0], 'the owner email');
    const ownerLink = reviewLinkIn(ownerMail);
    const ownerPage = await openLink(ownerLink);
    expect(ownerPage.html).toContain('Add a line on AI-generated images.');
    expect((await postPageForm(ownerLink, { action: 'publish', documentVersion: '2.0', documentUrl: 'javascript:alert(1)' }, ownerPage)).status).toBe(400);
    const page = await browser.newPage();
    await page.goto(ownerLink);
    await page.fill('input[name="documentVersion"]', '2.0');
    await page.fill('input[name="documentUrl"]', 'https://intranet.example.com/posting-v2');
    await page.click('button[value="publish"]');
    await page.waitForSelector('text=Recorded: published version 2.0');
    await page.close();

    const policy = await ok(admin('GET', `/policies/${policyId}`));
    const nextYear = new Date();
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    expect(policy).toMatchObject({ documentVersion: '2.0', documentUrl: 'https://intranet.example.com/posting-v2', nextReviewAt: nextYear.toISOString().slice(0, 10) });
    // Accounts linked to the policy show the version now in force.
    expect((await ok(admin('GET', `/accounts/${linked.id}`))).policiesInForce).toEqual([
      { policyId, title: 'Posting rules', linkedVersion: '1.0', versionInForce: '2.0', documentUrl: 'https://intranet.example.com/posting-v2', nextReviewAt: policy.nextReviewAt },
    ]);
    const done = await ok(admin('GET', `/reviews/${review.id}`));
    expect(done).toMatchObject({ status: 'completed', completedBy: owner });
    expect(done.comments.map((c: { by: string }) => c.by)).toEqual([reviewer, employee, latecomer]);
    // The comment period is over with the review.
    expect((await asLatecomer('POST', `/reviews/${review.id}/comments`, { body: { text: 'late' } })).status).toBe(409);
  });
});

describe('policy review comments', () => {
  /** An open policy review written straight into the table, due when asked: no run needs to open it. */
  async function policyReviewDue(policyId: string, dueAt: Date) {
    const openedAt = new Date().toISOString();
    const cycle = dueAt.toISOString().slice(0, 10);
    const review = { id: reviewIdOf('policy', policyId, cycle), kind: 'policy', subjectType: 'policy', subjectId: policyId, cycle, assigneeId: governance, reviewerIds: [], status: 'open', openedAt, dueAt: dueAt.toISOString(), escalatedTo: [], version: 1, createdAt: openedAt, updatedAt: openedAt };
    await localClients(urls()).documents.send(new PutCommand({ TableName: urls().registryTable, Item: reviewItem(review as Review) }));
    return review.id;
  }

  it('takes comments from many people at the same moment: every one lands, each with its audit event', async () => {
    const policyId = uniqueId('pol');
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    await ok(admin('POST', '/policies', { body: { id: policyId, title: 'Commenting rules', kind: 'policy', documentVersion: '1.0', documentUrl: 'https://intranet.example.com/commenting', covers: { all: true }, reviewCadence: 'annual', ownerId: governance, nextReviewAt: nextYear } }));
    const reviewId = await policyReviewDue(policyId, new Date(Date.now() + 3_600_000));
    const commenters = await Promise.all(Array.from({ length: 8 }, () => person()));
    const callers = await Promise.all(commenters.map((id) => callerAs(urls(), id, ['employee'])));

    const responses = await Promise.all(callers.map((as, i) => as('POST', `/reviews/${reviewId}/comments`, { body: { text: `comment ${i}` } })));

    expect(responses.map((r) => `${r.status} ${r.status === 201 ? '' : r.text}`.trim())).toEqual(commenters.map(() => '201'));
    const review = await ok(admin('GET', `/reviews/${reviewId}`));
    expect(review.comments.map((c: { by: string; text: string }) => `${c.by}: ${c.text}`).sort()).toEqual(commenters.map((id, i) => `${id}: comment ${i}`).sort());
    expect(review.version).toBe(1 + commenters.length);
    expect((await auditOf('review', reviewId)).filter((e: { action: string }) => e.action === 'review.commented').map((e: { actor: string }) => e.actor).sort()).toEqual([...commenters].sort());
  });

  it('refuses a comment after the deadline, and records nothing', async () => {
    const policyId = uniqueId('pol');
    const reviewId = await policyReviewDue(policyId, new Date(Date.now() - 60_000));
    const late = await callerAs(urls(), await person(), ['employee']);

    const refused = await late('POST', `/reviews/${reviewId}/comments`, { body: { text: 'too late' } });

    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.message).toMatch(/comment period/);
    // The console's answer says the same, not that someone answered first.
    const answered = await late('POST', `/reviews/${reviewId}/answers`, { body: { answers: { action: 'comment', comment: 'too late' } } });
    expect(answered.status, answered.text).toBe(409);
    expect(answered.body.message).toMatch(/comment period of this review has ended.*not recorded/);
    expect((await ok(admin('GET', `/reviews/${reviewId}`))).comments).toBeUndefined();
    expect(await auditOf('review', reviewId)).toEqual([]);
  });
});

describe('credential age', () => {
  it('rotates an old login through Secrets Manager (the rotation function), and through a custodian where the platform has no password API', async () => {
    const owner = await person();
    const viaApi = await criticalAccount(owner, { passwordApi: true });
    const viaPerson = await criticalAccount(owner, { passwordApi: false });
    await runReviews(urls(), admin, ['credential-age']);

    // Secrets Manager rotates after RotateSecret answered; a follow-up sees the new version and completes it.
    const now = await rotatedLogin(viaApi.id, viaApi.login.password);
    const rotated = await eventually(async () => {
      await runReviews(urls(), admin, ['follow-up']);
      const [review] = (await reviewsOf(admin, viaApi.id)).filter((r: { kind: string }) => r.kind === 'credential-age');
      return review?.status === 'completed' ? review : undefined;
    }, 'the follow-up to complete the rotated review', 40_000);
    expect(rotated.outcome).toMatch(/^rotated at /);
    expect(await logsIn(urls().platformUrl, viaApi.platformAccountId, now.value)).toBe(true);
    const versions = (await localClients(urls()).secrets.send(new ListSecretVersionIdsCommand({ SecretId: now.credential.secretArn }))).Versions ?? [];
    expect(versions.find((v) => v.VersionStages?.includes('AWSPREVIOUS'))).toBeDefined();

    // The platform without a password API: the owner is the custodian; until they act, the current login works.
    const [waiting] = (await reviewsOf(admin, viaPerson.id)).filter((r: { kind: string }) => r.kind === 'credential-age');
    expect(waiting).toMatchObject({ status: 'open' });
    expect(await logsIn(urls().platformUrl, viaPerson.platformAccountId, (await currentLogin(viaPerson.id)).value)).toBe(true);
    const mail = await eventually(async () => (await mailTo(urls(), owner, /^Action needed: set the new password/))[0], 'the custodian email');
    // The custodian is slow: the review escalates to the governance team, and is still watched after that.
    await eventually(async () => {
      await runReviews(urls(), admin, ['follow-up']);
      return (await ok(admin('GET', `/reviews/${waiting.id}`))).escalatedAt ? true : undefined;
    }, 'the escalation', 40_000);
    expect(await mailTo(urls(), governance, new RegExp(`^Login rotation \\(credential age\\).*${viaPerson.id}`))).toHaveLength(1);
    const link = /https?:\/\/\S+\/handover\/[A-Za-z0-9._-]+/.exec(mail.text ?? '')![0];
    const form = await openLink(link);
    const reveal = await postPageForm(link, { action: 'reveal' }, form);
    const pending = /id="secret" class="secret">([^<]+)</.exec(reveal.html)![1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    const changed = await fetch(`${urls().platformUrl}/settings/${viaPerson.platformAccountId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ current: viaPerson.login.password, next: pending }) });
    expect(changed.status).toBe(200);
    expect((await postPageForm(link, { action: 'confirm' }, form)).status).toBe(200);

    // The confirmation ran the rotation's remaining steps: the pending password is now the current one.
    const after = await currentLogin(viaPerson.id);
    expect(after.value.password).toBe(pending);
    expect(await logsIn(urls().platformUrl, viaPerson.platformAccountId, after.value)).toBe(true);
    const completed = await eventually(async () => {
      await runReviews(urls(), admin, ['follow-up']);
      const current = await ok(admin('GET', `/reviews/${waiting.id}`));
      return current.status === 'completed' ? current : undefined;
    }, 'the follow-up to see the rotation', 40_000);
    expect(completed.outcome).toMatch(/^rotated at /);
    assertNoSecretLeaked(cloud.dataDir, pending);
  });
});

describe('grant and training expiry', () => {
  it('tells the holder before a grant expires, ends it at expiry, and rotates the login they knew', async () => {
    const [owner, holder] = [await person(), await person()];
    const account = await ok(admin('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low' }) }));
    const login = { username: 'u', password: `${SECRET_MARKER}${uniqueId('pw')}-A1!` };
    await ok(admin('PUT', `/accounts/${account.id}/credential`, { body: login }));
    await platformCall(urls().platformUrl, 'PUT', `/accounts/${account.platformAccountId}`, { ...login, passwordApi: true });
    const expiring = await grant(account.id, holder, true, { expiresAt: new Date(Date.now() + 6_000).toISOString() });

    await runReviews(urls(), admin, ['grant-expiry']);
    await runReviews(urls(), admin, ['grant-expiry']);
    const notices = await mailTo(urls(), holder, /^Your access to .* expires on/);
    expect(notices).toHaveLength(1);
    expect((await ok(admin('GET', `/accounts/${account.id}/grants`))).items[0].status).toBe('active');

    const ended = await eventually(async () => {
      await runReviews(urls(), admin, ['grant-expiry']);
      const [current] = (await ok(admin('GET', `/accounts/${account.id}/grants`))).items;
      return current.status === 'revoked' ? current : undefined;
    }, 'the expiry', 30_000);
    expect(ended).toMatchObject({ id: expiring.id, revokedBy: 'steward', revokedReason: 'the grant reached its expiry' });
    expect(await mailTo(urls(), holder, /^Your access to .* has ended/)).toHaveLength(1);
    const now = await rotatedLogin(account.id, login.password);
    expect(await logsIn(urls().platformUrl, account.platformAccountId, now.value)).toBe(true);
  });

  it('tells a person before their training expires; once it has lapsed, their credential rights end', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const trainee = await person({ trainingExpiresAt: today });
    const account = await criticalAccount(await person());
    const withLogin = await grant(account.id, trainee, true);
    await runReviews(urls(), admin, ['training-expiry']);
    await runReviews(urls(), admin, ['training-expiry']);
    expect(await mailTo(urls(), trainee, /^Your social media training expires on/)).toHaveLength(1);

    const current = await ok(admin('GET', `/people/${trainee}`));
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await ok(admin('PATCH', `/people/${trainee}`, { body: { trainingExpiresAt: yesterday }, ifMatch: current.version }));
    await runReviews(urls(), admin, ['training-expiry']);
    const [after] = (await ok(admin('GET', `/accounts/${account.id}/grants`))).items.filter((g: { id: string }) => g.id === withLogin.id);
    expect(after).toMatchObject({ status: 'active', credentialAccess: false });
    expect(await mailTo(urls(), trainee, /^Your social media training has expired/)).toHaveLength(1);
    const asTrainee = await callerAs(urls(), trainee, ['employee']);
    expect((await asTrainee('POST', `/accounts/${account.id}/credential/reveal`, { body: { reason: 'posting the launch' } })).status).toBeGreaterThanOrEqual(400);
    // Handled once: the lapse is off the due index until the training is renewed.
    await runReviews(urls(), admin, ['training-expiry']);
    expect(await mailTo(urls(), trainee, /^Your social media training has expired/)).toHaveLength(1);
  });
});

describe('single points of failure', () => {
  it('finds them once, tells the owner, and resolves them when the account is fixed; a departed holder is found too', async () => {
    const [owner, backup, admin2, holder] = [await person(), await person(), await person(), await person()];
    const account = await ok(
      admin('POST', '/accounts', {
        body: accountBody(owner, {
          riskTier: 'low',
          platformControl: { nativeAdmins: [{ personId: holder, name: 'Holder' }], recoveryEmail: { detail: 'someone@gmail.example', companyControlled: false } },
        }),
      }),
    );
    await runReviews(urls(), admin, ['single-points']);
    await runReviews(urls(), admin, ['single-points']);
    const open = async () => (await ok(admin('GET', '/findings?limit=100'))).items.filter((f: { accountId: string }) => f.accountId === account.id).map((f: { id: string }) => f.id).sort();
    expect(await open()).toEqual(['no-backup-owner', 'recovery-email-not-company', 'too-few-native-admins']);
    expect(await mailTo(urls(), owner, /^Single point of failure/)).toHaveLength(1);
    // The owner reads their account's findings (the account page's); someone else may not; one kind across accounts.
    const asOwner = await callerAs(urls(), owner, ['employee']);
    expect((await ok(asOwner('GET', `/findings?accountId=${account.id}`))).items.map((f: { id: string }) => f.id).sort()).toEqual(['no-backup-owner', 'recovery-email-not-company', 'too-few-native-admins']);
    expect((await (await callerAs(urls(), holder, ['employee']))('GET', `/findings?accountId=${account.id}`)).status).toBe(403);
    const noBackup = await everyItem(admin, '/findings?code=no-backup-owner');
    expect(noBackup.every((f: { code: string }) => f.code === 'no-backup-owner')).toBe(true);
    expect(noBackup.map((f: { accountId: string }) => f.accountId)).toContain(account.id);
    expect((await admin('GET', '/findings?code=no-such-kind')).status).toBe(400);
    // In the console: the owner reads them on the account's page; the governance team lists the accounts with one kind.
    const ownerPage = await signInToConsole(browser, urls().consoleUrl, owner, ['owner'], `/accounts/${account.id}`);
    await ownerPage.getByRole('heading', { name: 'Open findings' }).waitFor();
    await ownerPage.getByRole('cell', { name: 'Recovery email not the company’s' }).waitFor();
    expect(await seriousViolations(ownerPage)).toEqual([]);
    await ownerPage.close();
    const lead = uniqueId('lead');
    await callerAs(urls(), lead, ['admin']);
    const leadPage = await signInToConsole(browser, urls().consoleUrl, lead, ['admin'], '/accounts');
    await leadPage.getByRole('button', { name: /^Finding/ }).click();
    await leadPage.getByRole('option', { name: 'Recovery email not the company’s' }).click();
    await leadPage.getByRole('link', { name: account.id }).click();
    await leadPage.getByRole('heading', { name: 'Open findings' }).waitFor();
    await leadPage.close();

    // The one native admin leaves: a person-held control is now held by someone gone.
    await departed(admin, holder);
    await runReviews(urls(), admin, ['single-points']);
    expect(await open()).toContain(`control-held-by-departed:${holder}`);

    const current = await ok(admin('GET', `/accounts/${account.id}`));
    await ok(
      admin('PATCH', `/accounts/${account.id}`, {
        ifMatch: current.version,
        body: { backupOwnerId: backup, platformControl: { nativeAdmins: [{ personId: owner, name: 'Owner' }, { personId: admin2, name: 'Second' }], recoveryEmail: { detail: 'social@example.com', companyControlled: true } } },
      }),
    );
    await runReviews(urls(), admin, ['single-points']);
    expect(await open()).toEqual([]);
    const resolved = (await ok(admin('GET', '/findings?status=resolved&limit=100'))).items.filter((f: { accountId: string }) => f.accountId === account.id);
    expect(resolved).toHaveLength(4);
  });
});

describe('approval requests whose workflow never started', () => {
  it('are started by the next run, once they have waited ten minutes', async () => {
    const [owner, requester] = [await person(), await person()];
    const account = await ok(admin('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low' }) }));
    const asRequester = await callerAs(urls(), requester, ['employee']);
    const original = await ok(asRequester('POST', '/access-requests', { body: { accountId: account.id, role: 'viewer', reason: 'covering a colleague' } }));
    // A crash between writing a request and starting its workflow leaves this: pending, its first stage never begun.
    const stalledId = uniqueId('apr');
    const stages = original.stages.map(({ index, name, mode, approvers, deadlineHours, reminderBeforeHours, fallbackApprovers }: Record<string, unknown>) => ({ index, name, mode, approvers, deadlineHours, reminderBeforeHours, fallbackApprovers, status: 'waiting', round: 0, decisions: [] }));
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const stalled = { ...original, id: stalledId, status: 'pending', currentStage: 0, stages, version: 1, createdAt: anHourAgo, updatedAt: anHourAgo };
    await localClients(urls()).documents.send(new PutCommand({ TableName: urls().registryTable, Item: approvalItem(stalled) }));

    await runReviews(urls(), admin, ['stalled-approvals']);
    const mail = await eventually(async () => (await mailTo(urls(), owner, new RegExp(`^Approval needed: .*${stalledId}`)))[0], 'the restarted request’s email');
    expect(mail.subject).toContain(stalledId);
    // The request that started normally was left alone: one email for it.
    expect(await mailTo(urls(), owner, new RegExp(`^Approval needed: .*${original.id}`))).toHaveLength(1);
  });
});

describe('open handover tasks', () => {
  it('remind whoever must still move a platform control off a leaver, until they confirm it', async () => {
    const [owner, leaver] = [await person(), await person()];
    const account = await ok(admin('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low', platformControl: { nativeAdmins: [{ personId: leaver, name: 'Leaver' }, { personId: owner, name: 'Owner' }] } }) }));
    const { id: caseId } = await ok(admin('POST', '/departures', { body: { personId: leaver } }));
    await eventually(async () => ((await ok(admin('GET', `/departures/${caseId}`))).reportedAt ? true : undefined), 'the first report', 30_000);
    expect((await ok(admin('GET', `/departures/${caseId}`))).status).toBe('waiting');

    await runReviews(urls(), admin, ['handover-tasks']);
    const [reminder, ...more] = await mailTo(urls(), owner, /^Reminder: move the platform controls/);
    expect(more).toEqual([]);
    expect(reminder!.text).toContain(`native-admin of ${account.id}`);
    expect((await ok(admin('GET', `/departures/${caseId}`))).remindedAt).toBeDefined();

    const asOwner = await callerAs(urls(), owner, ['owner']);
    await ok(asOwner('POST', `/departures/${caseId}/controls/confirm`, { body: { accountId: account.id, kind: 'native-admin' } }));
    expect((await ok(admin('GET', `/departures/${caseId}`))).closedAt).toBeDefined();
    await runReviews(urls(), admin, ['handover-tasks']);
    expect(await mailTo(urls(), owner, /^Reminder: move the platform controls/)).toHaveLength(1);
  });
});

describe('schedules and KPIs', () => {
  it('a schedule delivered twice for the same time starts one run; two runs at once open each review once', async () => {
    const owner = await person();
    const account = await criticalAccount(owner);
    const runs = await Promise.all([runReviews(urls(), admin, ['recertification']), runReviews(urls(), admin, ['recertification'])]);
    expect(new Set(runs).size).toBe(2);
    expect((await reviewsOf(admin, account.id)).filter((r: { kind: string }) => r.kind === 'recertification')).toHaveLength(1);
    expect(await mailTo(urls(), owner, /^Access recertification/)).toHaveLength(1);

    const at = '2026-01-05T06:00:00Z';
    const fire = () => fetch(`${urls().awsEndpoint}/_steward/schedules/reviews-daily/fire`, { method: 'POST', body: JSON.stringify({ at }) }).then((r) => r.json() as Promise<{ result: { ok: boolean; payload: { runId: string } } }>);
    const [first, second] = [await fire(), await fire()];
    expect(first.result.payload.runId).toBe('scheduled-reviews-daily-20260105t060000z');
    expect(second.result.payload.runId).toBe(first.result.payload.runId);
    const { sfn } = localClients(urls());
    const stateMachineArn = `arn:aws:states:${urls().region}:000000000000:stateMachine:${stateMachineName('reviews')}`;
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
    expect(executions?.filter((e) => e.name === first.result.payload.runId)).toHaveLength(1);
    // Let the scheduled run (every kind) finish before the KPIs are read.
    await eventually(async () => ((await ok(admin('GET', `/review-runs/${first.result.payload.runId}`))).status === 'RUNNING' ? undefined : true), 'the scheduled run', 60_000);
  });

  it('shows the KPIs and emails the weekly digest to the governance team', async () => {
    // As the scheduled run left them, then computed now and kept.
    const kept = await ok(admin('GET', '/kpis'));
    const kpis = await ok(admin('GET', '/kpis?fresh=true'));
    expect(kpis.asOf > kept.asOf).toBe(true);
    expect(await ok(admin('GET', '/kpis'))).toEqual(kpis);
    expect(kpis.accounts.active).toBeGreaterThan(0);
    expect(kpis.singlePoints.open).toBe((await ok(admin('GET', '/findings?limit=100'))).items.length);
    expect(kpis.reviewsOnTime.recertification.due).toBeGreaterThanOrEqual(0);
    expect(kpis.credentialAgeDays.critical.limitDays).toBeLessThan(1 / 86_400);
    const fired = (await (await fetch(`${urls().awsEndpoint}/_steward/schedules/kpi-digest-weekly/fire`, { method: 'POST', body: '{}' })).json()) as { result: { ok: boolean } };
    expect(fired.result.ok).toBe(true);
    const [digest] = await mailTo(urls(), governance, /^Steward weekly governance digest/);
    expect(digest?.text).toContain('Accounts with an owner and a backup owner');
    expect(digest?.text).toContain(`Open single points of failure: ${kpis.singlePoints.open}`);
  });
});
