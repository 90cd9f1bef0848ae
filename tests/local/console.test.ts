import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountBody, callerAs, everyItem, ok, uniqueId } from '../support/api.ts';
import { launchBrowser, seriousViolations, signInToConsole, tabTo } from '../support/browser.ts';
import { handoverKit } from '../support/handover.ts';
import { caseIdOf } from '../../core/handover/departures.ts';

/**
 * The console in Debian's Chromium against the shared local cloud: sign-in through the development identity
 * provider (authorization code with PKCE), role-aware navigation, the registry paged on the server, an access
 * request, the audit page, and the security and accessibility bars, each on the real pages.
 */
const cloud = inject('localCloud');
const { organisation } = handoverKit(cloud);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const signIn = (personId: string, roles: string[], path = '/') => signInToConsole(browser, cloud.consoleUrl, personId, roles, path);

/**
 * README's screenshots are taken here, so they show the console as it is: `npm run screenshots` writes them to
 * docs/screenshots; an ordinary run takes them all the same (a page that cannot render fails) into a temporary folder.
 */
const screenshots = process.env.npm_lifecycle_event === 'screenshots' ? resolve(import.meta.dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'steward-screens-'));
const screenshot = async (page: Page, name: string) => {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
};

/** A low-risk account (its owner alone approves access), an admin to read it, and an employee who may ask. */
async function lowRiskAccountAndEmployee() {
  const caller = await callerAs(cloud, uniqueId('admin'), ['admin']);
  const owner = uniqueId('owner');
  await callerAs(cloud, owner, ['owner']);
  const account = await ok(caller('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low' }) }));
  const employee = uniqueId('emp');
  const requester = await callerAs(cloud, employee, ['employee']);
  return { caller, owner, account, employee, requester };
}

describe('the console', () => {
  it('signs an employee in with PKCE, keeps the token out of the URL, cookies and local storage, and lands on the accounts', async () => {
    const employee = uniqueId('emp');
    await callerAs(cloud, employee, ['employee']);
    const page = await signIn(employee, ['employee']);
    expect(new URL(page.url()).pathname).toBe('/accounts');
    expect(page.url()).not.toMatch(/code=|state=|token/);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    expect(await page.context().cookies()).toEqual([]);
    expect(await page.evaluate('window.localStorage.length')).toBe(0);
    // The navigation offers only what an employee may open.
    const nav = await page.getByRole('navigation').last().getByRole('link').allTextContents();
    expect(nav).toEqual(['Accounts', 'Approvals', 'Reviews', 'Policies']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('refuses an employee an admin page even by URL, and the API refuses their token', async () => {
    const employee = uniqueId('emp');
    await callerAs(cloud, employee, ['employee']);
    const page = await signIn(employee, ['employee'], '/audit');
    await page.getByText('Not allowed').waitFor();
    // The page's own token, sent to an admin route by hand: the API refuses it whatever the console shows.
    const status = await page.evaluate(`(async () => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
      const token = JSON.parse(sessionStorage.getItem(key)).access_token;
      return (await fetch('/api/audit', { headers: { authorization: 'Bearer ' + token } })).status;
    })()`);
    expect(status).toBe(403);
    await page.context().close();
  });

  it('pages through the registry on the server and shows an account, rendering hostile text inert', async () => {
    const admin = uniqueId('admin');
    const caller = await callerAs(cloud, admin, ['admin', 'auditor']);
    const team = uniqueId('team');
    const hostile = '<img src=x onerror="document.body.dataset.pwned=1">';
    const accounts = [];
    for (let i = 0; i < 55; i++) accounts.push(await ok(caller('POST', '/accounts', { body: accountBody(admin, { team, displayName: i === 0 ? hostile : `Account ${i}` }) })));
    const page = await signIn(admin, ['admin', 'auditor'], '/accounts');
    await page.getByPlaceholder('Team').fill(team);
    await expect.poll(() => page.getByRole('row').count()).toBe(51); // a header and 50 on the first page
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(6);
    await page.getByRole('button', { name: 'Page 1' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(51);
    // The registry lists by account id, so the hostile one may be on either page.
    if ((await page.getByRole('link', { name: accounts[0].handle }).count()) === 0) await page.getByRole('button', { name: 'Page 2' }).click();
    await page.getByRole('link', { name: accounts[0].handle }).click();
    await page.getByText(hostile).waitFor();
    expect(await page.evaluate('document.body.dataset.pwned')).toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('takes an access request and an approval with the keyboard alone', async () => {
    const { caller, owner, account, employee, requester } = await lowRiskAccountAndEmployee();
    const page = await signIn(employee, ['employee'], `/accounts/${account.id}`);
    await page.getByRole('heading', { name: `${account.handle} on ${account.platform}` }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Request access' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await tabTo(page, dialog.getByLabel('Why you need it'));
    await page.keyboard.type('Keyboard only');
    await tabTo(page, dialog.getByRole('button', { name: 'Send request' }));
    await page.keyboard.press('Enter');
    await page.getByText('Request sent').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: /My requests/ }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: account.id }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    const [request] = (await ok(requester('GET', '/approvals?mine=true'))).items;
    await expect.poll(async () => (await ok(caller('GET', `/approvals/${request.id}`))).stages[0].status, { timeout: 30_000 }).toBe('pending');
    await page.context().close();

    const approver = await signIn(owner, ['owner'], '/approvals');
    await approver.getByRole('button', { name: `Decide ${request.id}` }).waitFor();
    await tabTo(approver, approver.getByRole('button', { name: `Decide ${request.id}` }));
    await approver.keyboard.press('Enter');
    await tabTo(approver, approver.getByRole('dialog').getByRole('button', { name: 'Record decision' }));
    await approver.keyboard.press('Enter');
    await approver.getByText('Decision recorded').first().waitFor();
    expect((await ok(caller('GET', `/approvals/${request.id}`))).stages[0].decisions).toEqual([expect.objectContaining({ approverId: owner, decision: 'approve' })]);
    await approver.context().close();
  });

  it('lets the governance team register, edit and retire an account, with its history on the page', async () => {
    const admin = uniqueId('admin');
    await callerAs(cloud, admin, ['admin']);
    const page = await signIn(admin, ['admin'], '/accounts');
    await page.getByRole('button', { name: 'Register account' }).click();
    const dialog = page.getByRole('dialog');
    const handle = `@${uniqueId('reg')}`;
    await dialog.getByRole('button', { name: 'Platform' }).click();
    await page.getByRole('option', { name: 'mastodon' }).click();
    for (const [label, value] of [["Platform's account id", uniqueId('pid')], ['Handle', handle], ['Display name', 'Registered in the console'], ['Address (https)', 'https://social.example.com/@reg'], ['Purpose', 'Announcements'], ['Team', 'comms']] as const) {
      await dialog.getByLabel(label, { exact: true }).fill(value);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Account registered').waitFor();
    await dialog.getByRole('link', { name: 'Open it' }).click();
    await page.getByRole('heading', { name: `${handle} on mastodon`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Purpose').fill('Announcements and support');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('The account is at version 2').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByText('Announcements and support').waitFor();
    await screenshot(page, 'account');
    await page.getByRole('button', { name: 'Retire' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Channel closed');
    await page.getByRole('dialog').getByRole('button', { name: 'Retire' }).click();
    await page.getByText('every grant on it is revoked').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    for (const action of ['account.created', 'account.updated', 'account.retired']) await page.getByRole('cell', { name: action }).waitFor();
    await page.getByRole('cell', { name: 'Channel closed' }).waitFor();
    await page.context().close();
  });

  it('reveals a login to its holder only with a reason, audited, and forgets it after a minute', async () => {
    const org = await organisation();
    const owner = await org.person('owner');
    const accountId = await org.account(owner);
    const login = await org.login(accountId, { passwordApi: true });
    const holder = await org.person('holder');
    await org.grant(accountId, holder, true);
    const page = await signIn(holder, ['employee'], `/accounts/${accountId}`);
    await page.clock.install();
    await page.getByRole('button', { name: 'Reveal login' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Show the login' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Why you need it now').fill('Posting the launch');
    await dialog.getByRole('button', { name: 'Show the login' }).click();
    await dialog.getByText(login.password).waitFor();
    const [event] = await everyItem(org.hr, `/audit?entityType=account&entityId=${accountId}&action=credential.revealed`);
    expect(event).toMatchObject({ actor: holder, reason: 'Posting the launch' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.clock.fastForward(61_000);
    await expect.poll(() => page.getByText(login.password).count()).toBe(0);
    expect(await page.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)')).not.toContain(login.password);
    await page.context().close();
  });

  it("lets an approver decide a request waiting for them, once, from the approvals page", async () => {
    const { caller, owner, account, employee, requester } = await lowRiskAccountAndEmployee();
    const request = await ok(requester('POST', '/access-requests', { body: { accountId: account.id, role: 'viewer', reason: 'reading the analytics' } }));
    // The request waits for the owner once its first stage has started.
    await expect.poll(async () => (await ok(caller('GET', `/approvals/${request.id}`))).stages[0].status, { timeout: 30_000 }).toBe('pending');
    const page = await signIn(owner, ['owner'], '/approvals');
    await page.getByRole('button', { name: `Decide ${request.id}` }).waitFor();
    await screenshot(page, 'approvals');
    await page.getByRole('button', { name: `Decide ${request.id}` }).click();
    await page.getByLabel('Comment (optional)').fill('Go ahead');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded').first().waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: `Decide ${request.id}` }).count()).toBe(0);
    const decided = await ok(caller('GET', `/approvals/${request.id}`));
    expect(decided.stages[0].decisions).toEqual([expect.objectContaining({ approverId: owner, decision: 'approve', comment: 'Go ahead' })]);
    // The request's own page: its stages with the decision, and its timeline from the audit trail.
    await page.goto(`${cloud.consoleUrl}/approvals/${request.id}`);
    await page.getByRole('heading', { name: `Access request ${request.id}`, level: 1 }).waitFor();
    await page.getByRole('cell', { name: new RegExp(`${owner}: approve .*“Go ahead”`) }).waitFor();
    await page.getByRole('cell', { name: 'approval.approved-by' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets HR import people from a CSV with a report on every row', async () => {
    const hrId = uniqueId('hr');
    await callerAs(cloud, hrId, ['hr']);
    const page = await signIn(hrId, ['hr']);
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const [first, second, bad] = [uniqueId('csv'), uniqueId('csv'), uniqueId('csv')];
    const csv = ['id,email,name,team', `${first},${first}@example.com,"Ada, the first",imported`, `${second},${second}@example.com,Second,imported`, `${bad},not-an-email,Bad,imported`].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('2 created, 0 updated, 0 unchanged, 1 failed').waitFor();
    await page.getByRole('row', { name: new RegExp(`3 ${bad} failed`) }).waitFor();
    const asHr = await callerAs(cloud, hrId, ['hr']);
    expect((await ok(asHr('GET', `/people/${first}`))).name).toBe('Ada, the first');
    expect((await asHr('GET', `/people/${bad}`)).status).toBe(404);
    await page.context().close();
  });

  it('lets HR start a departure from the person page and watch it finish: access revoked, login rotated, ownership handed on', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const backup = await org.person('backup');
    const owner = await org.person('owner');
    const owned = await org.account(leaver, { backupOwnerId: backup });
    const used = await org.account(owner);
    await org.login(used, { passwordApi: true });
    await org.grant(used, leaver, true);
    const page = await signIn(org.hrId, ['admin', 'hr'], `/people/${leaver}`);
    await page.getByRole('link', { name: owned }).waitFor();
    await page.getByRole('button', { name: 'Start departure' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start departure' }).click();
    await page.getByText('Departure started').waitFor();
    await page.getByRole('button', { name: 'Follow the case' }).click();
    await page.getByRole('heading', { name: `Departure of ${leaver}`, level: 1 }).waitFor();
    // The page follows the case by itself: no reload from here on.
    await page.getByRole('row', { name: new RegExp(`${used} .*revoked \\(1\\).*rotated`) }).waitFor();
    await page.getByRole('row', { name: new RegExp(`${owned} .*waiting for ${backup} to accept`) }).waitFor();
    // The backup owner accepts the account in their own console; the HR page sees the case close.
    const asBackup = await signIn(backup, ['owner'], '/approvals');
    const approvalId = (await ok(org.hr('GET', `/departures/${caseIdOf(leaver)}`))).accounts[owned].transfer.approvalId;
    await asBackup.getByRole('button', { name: `Decide ${approvalId}` }).click();
    await asBackup.getByRole('button', { name: 'Record decision' }).click();
    await asBackup.getByText('Decision recorded').first().waitFor();
    await asBackup.context().close();
    await page.getByRole('row', { name: new RegExp(`${owned} .*transferred to ${backup}`) }).waitFor();
    await page.getByText('Closed: nothing is left waiting on anyone.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect((await ok(org.hr('GET', `/accounts/${owned}`))).ownerId).toBe(backup);
    await page.context().close();
  });

  it('shows the governance lead the KPIs with their trends and the auditor the audit trail, with the security headers on every page', async () => {
    const lead = uniqueId('lead');
    const asLead = await callerAs(cloud, lead, ['admin', 'auditor']);
    // Each computation keeps a snapshot: the trends are those, oldest first.
    const first = await ok(asLead('GET', '/kpis?fresh=true'));
    const second = await ok(asLead('GET', '/kpis?fresh=true'));
    const snapshots = (await everyItem(asLead, `/kpis/history?from=${first.asOf}`)).map((k) => k.asOf);
    expect(snapshots).toEqual([...snapshots].sort());
    expect(snapshots).toEqual(expect.arrayContaining([first.asOf, second.asOf]));
    expect((await asLead('GET', '/kpis/history?from=last-week')).status).toBe(400);
    const page = await signIn(lead, ['admin', 'auditor']);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Coverage over time (%)' }).waitFor();
    expect(await page.getByText('Trends start with the next review run.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(1);
    // The auditor searches one account's history, exports what is shown and checks the chain.
    const admin = await callerAs(cloud, uniqueId('admin'), ['admin']);
    const account = await ok(admin('POST', '/accounts', { body: accountBody(lead) }));
    await ok(admin('PATCH', `/accounts/${account.id}`, { body: { purpose: 'searched for' } }));
    await page.getByLabel('Entity type').fill('account');
    await page.getByLabel('Entity id').fill(account.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(3); // a header, account.created, account.updated
    expect(new URL(page.url()).search).toBe(`?entityType=account&entityId=${account.id}`);
    await page.getByRole('cell', { name: 'account.updated' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('audit.csv');
    const exported = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
    expect(exported).toHaveLength(3);
    expect(exported.slice(1).every((row) => row.includes(`"${account.id}"`))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Verify the trail' }).click();
    await page.getByText('The trail is intact').waitFor();
    // A policy's versions come from its history; where it applies is said in words.
    const policyId = uniqueId('pol');
    await ok(admin('POST', '/policies', { body: { id: policyId, title: 'Posting rules', kind: 'policy', documentVersion: '1.0', documentUrl: 'https://intranet.example.com/posting', covers: { teams: ['comms'] }, reviewCadence: 'annual', ownerId: lead, nextReviewAt: '2027-06-01' } }));
    await ok(admin('PATCH', `/policies/${policyId}`, { body: { documentVersion: '1.1' }, ifMatch: 1 }));
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    await page.goto(`${cloud.consoleUrl}/policies/${policyId}`);
    await page.getByRole('heading', { name: 'Posting rules', level: 1 }).waitFor();
    await page.getByText('team comms').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Versions' }).getByRole('row').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    const response = await fetch(`${cloud.consoleUrl}/accounts/anything`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    await page.context().close();
  });
});
