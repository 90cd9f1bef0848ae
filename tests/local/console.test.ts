import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountBody, callerAs, ok, uniqueId } from '../support/api.ts';
import { launchBrowser } from '../support/browser.ts';

/**
 * The console in Debian's Chromium against the shared local cloud: sign-in through the development identity
 * provider (authorization code with PKCE), role-aware navigation, the registry paged on the server, an access
 * request, the audit page, and the security and accessibility bars, each on the real pages.
 */
const cloud = inject('localCloud');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Signs in on the development provider's page as it would be done by hand; returns the signed-in page. */
async function signIn(personId: string, roles: string[], path = '/'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${cloud.consoleUrl}${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Person id').fill(personId);
  for (const role of ['employee', 'admin', 'owner', 'approver', 'auditor', 'hr']) {
    const box = page.getByRole('checkbox', { name: role, exact: true });
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: personId }).waitFor();
  return page;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
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
    expect(nav).toEqual(['Accounts', 'Approvals']);
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
    await page.getByRole('link', { name: accounts[0].handle }).click();
    await page.getByText(hostile).waitFor();
    expect(await page.evaluate('document.body.dataset.pwned')).toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('takes an access request from the account page', async () => {
    const admin = uniqueId('admin');
    const caller = await callerAs(cloud, admin, ['admin']);
    const account = await ok(caller('POST', '/accounts', { body: accountBody(admin) }));
    // Someone other than the requester must be able to approve the governance stage.
    await callerAs(cloud, uniqueId('gov'), ['approver'], { team: 'governance' });
    const employee = uniqueId('emp');
    await callerAs(cloud, employee, ['employee']);
    const page = await signIn(employee, ['employee'], `/accounts/${account.id}`);
    await page.getByRole('button', { name: 'Request access' }).click();
    await page.getByLabel('Why you need it').fill('I run the launch campaign');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Request sent').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: /My requests/ }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: account.id }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("lets an approver decide a request waiting for them, once, from the approvals page", async () => {
    const admin = uniqueId('admin');
    const caller = await callerAs(cloud, admin, ['admin']);
    const owner = uniqueId('owner');
    await callerAs(cloud, owner, ['owner']);
    const account = await ok(caller('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low' }) }));
    const employee = uniqueId('emp');
    const requester = await callerAs(cloud, employee, ['employee']);
    const request = await ok(requester('POST', '/access-requests', { body: { accountId: account.id, role: 'viewer', reason: 'reading the analytics' } }));
    // The request waits for the owner once its first stage has started.
    await expect.poll(async () => (await ok(caller('GET', `/approvals/${request.id}`))).stages[0].status, { timeout: 30_000 }).toBe('pending');
    const page = await signIn(owner, ['owner'], '/approvals');
    await page.getByRole('button', { name: `Decide ${request.id}` }).click();
    await page.getByLabel('Comment (optional)').fill('Go ahead');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded').first().waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: `Decide ${request.id}` }).count()).toBe(0);
    const decided = await ok(caller('GET', `/approvals/${request.id}`));
    expect(decided.stages[0].decisions).toEqual([expect.objectContaining({ approverId: owner, decision: 'approve', comment: 'Go ahead' })]);
    await page.context().close();
  });

  it('shows the governance lead the KPIs and the auditor the audit trail, with the security headers on every page', async () => {
    const lead = uniqueId('lead');
    await callerAs(cloud, lead, ['admin', 'auditor']);
    const page = await signIn(lead, ['admin', 'auditor']);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(1);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toBe('audit.csv');
    const response = await fetch(`${cloud.consoleUrl}/accounts/anything`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    await page.context().close();
  });
});
