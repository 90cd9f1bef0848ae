import { createHmac } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LINK_KEY_SECRET } from '../../local/cloud.ts';
import { approvalFixture, approvalOf, emailTo, linkFor, openLink, postDecision, requestAccess, stageNotified } from '../support/approvals.ts';
import { localClients } from '../support/clients.ts';

/**
 * What a link can and cannot do. Scanners fetch links (GET, HEAD, redirects) and must change nothing; forged,
 * tampered, expired, replayed, other-approver and cross-request links must decide nothing; a POST from
 * anywhere but the confirmation page is refused.
 */
const cloud = inject('localCloud');
const clients = localClients(cloud);

type Fixture = Awaited<ReturnType<typeof approvalFixture>>;
let fx: Fixture;
let requestId: string;
let link: string;
let otherRequestId: string;
let otherLink: string;

/** What must not move while hostile links are tried: the request's version, decisions and timeline. */
async function snapshot(id: string) {
  const request = await approvalOf(fx.admin, id);
  return { version: request.version, status: request.status, decisions: request.stages.map((s: { decisions: unknown[] }) => s.decisions), timeline: request.timeline.length };
}

/** Signs a token with the real current key, as only Steward can: for the claims a valid signature must not excuse. */
async function signed(payload: Record<string, unknown>): Promise<string> {
  const { SecretString, VersionId } = await clients.secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
  const body = `v1.${Buffer.from(JSON.stringify({ ...payload, k: VersionId })).toString('base64url')}`;
  return `${body}.${createHmac('sha256', SecretString!).update(body).digest('base64url')}`;
}

const claimsOf = (url: string) => JSON.parse(Buffer.from(url.split('/decide/')[1]!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const withToken = (token: string) => `${cloud.apiUrl}/decide/${token}`;

beforeAll(async () => {
  fx = await approvalFixture(cloud, 'low');
  requestId = (await requestAccess(fx.requester, { accountId: fx.account.id })).id;
  link = await linkFor(cloud, fx.ownerId, requestId);
  const other = await approvalFixture(cloud, 'low');
  otherRequestId = (await requestAccess(other.requester, { accountId: other.account.id })).id;
  otherLink = await linkFor(cloud, other.ownerId, otherRequestId);
  await stageNotified(fx.admin, requestId);
});

describe('a link scanner', () => {
  it('changes nothing by fetching a link with GET, HEAD and redirect-following, however often', async () => {
    const before = await snapshot(requestId);
    for (const userAgent of ['Mozilla/5.0 (compatible; Microsoft Safe Links)', 'Mimecast-URL-Protect', 'Proofpoint URL Defense']) {
      const get = await fetch(link, { headers: { 'user-agent': userAgent }, redirect: 'follow' });
      expect(get.status).toBe(200);
      expect(get.redirected).toBe(false);
      const head = await fetch(link, { method: 'HEAD', headers: { 'user-agent': userAgent } });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
    expect(await snapshot(requestId)).toEqual(before);
    // A scanner that replays the form without the page's cookie decides nothing either.
    const page = await openLink(link);
    expect((await postDecision(link, { decision: 'approve', csrf: page.csrf })).status).toBe(403);
    expect(await snapshot(requestId)).toEqual(before);
  });

  it('answers every page as HTML that cannot be framed, cached or indexed', async () => {
    const { headers, html } = await openLink(link);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-robots-tag')).toContain('noindex');
    expect(html).toContain('<form method="post">');
  });

  it("shows the page and its email in the console's look: the company's name, and times in its zone, named", async () => {
    const { html } = await openLink(link);
    expect(html).toContain('<header class="top"><span>Example Corp · Steward</span></header>');
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(html).toMatch(/<th>Requested at<\/th><td>\w{3}, \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC<\/td>/);
    const mail = await emailTo(cloud, fx.ownerId, requestId, /^Approval needed/);
    expect(mail.html).toContain('Example Corp · Steward');
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

describe('hostile links', () => {
  it('accepts none of forged, tampered, expired, other-approver, cross-request and unknown-request links, and says why without a 5xx', async () => {
    const before = await snapshot(requestId);
    const claims = claimsOf(link);
    const [version, payload, signature] = link.split('/decide/')[1]!.split('.') as [string, string, string];
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const forgedKey = `${version}.${payload}.${createHmac('sha256', 'not-the-key').update(`${version}.${payload}`).digest('base64url')}`;
    const otherPayload = otherLink.split('/decide/')[1]!.split('.')[1]!;
    const cases: [string, string, number][] = [
      ['signed with another key', withToken(forgedKey), 400],
      ['tampered signature', withToken(`${version}.${payload}.${flip(signature, 5)}`), 400],
      ['tampered claims', withToken(`${version}.${flip(payload, 12)}.${signature}`), 400],
      ['claims of another request under this signature', withToken(`${version}.${otherPayload}.${signature}`), 400],
      ['garbage', withToken('not-a-token'), 400],
      ['empty claims', withToken('v1..'), 400],
      ['expired, properly signed', withToken(await signed({ ...claims, e: Math.floor(Date.now() / 1000) - 5 })), 410],
      ['another approver, properly signed', withToken(await signed({ ...claims, a: fx.requesterId })), 400],
      ['another stage, properly signed', withToken(await signed({ ...claims, s: 1 })), 400],
      ['an old round, properly signed', withToken(await signed({ ...claims, n: 1 })), 410],
      ['an unknown request, properly signed', withToken(await signed({ ...claims, r: 'apr-doesnotexist' })), 400],
      ['this approver on another request, properly signed', withToken(await signed({ ...claimsOf(otherLink), a: claims.a })), 400],
    ];
    for (const [name, url, status] of cases) {
      const page = await openLink(url);
      expect(page.status, `${name}: GET`).toBe(status);
      expect(page.csrf, `${name}: no form`).toBeUndefined();
      // Even with a valid cookie and form from the real page, the POST of a hostile link decides nothing.
      const real = await openLink(link);
      const post = await postDecision(url, { decision: 'approve', csrf: real.csrf, cookie: real.cookie });
      expect(post.status, `${name}: POST ${post.html.slice(0, 200)}`).toBe(status);
    }
    expect(await snapshot(requestId)).toEqual(before);
    expect((await snapshot(otherRequestId)).decisions).toEqual([[]]);
  });

  it('refuses a POST from another site, one without the page cookie, and one that is not a form', async () => {
    const before = await snapshot(requestId);
    const page = await openLink(link);
    const attempts = [
      postDecision(link, { decision: 'approve', csrf: page.csrf }),
      postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie }, { origin: 'https://evil.example' }),
      postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie }, { 'sec-fetch-site': 'cross-site' }),
      postDecision(link, { decision: 'approve', csrf: 'x'.repeat(43), cookie: page.cookie }),
      postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie }, { origin: 'null' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.html).toContain('could not be verified');
    }
    const json = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json', cookie: page.cookie! }, body: JSON.stringify({ decision: 'approve', csrf: page.csrf }) });
    expect(json.status).toBe(400);
    const nonsense = await postDecision(link, { decision: 'maybe', csrf: page.csrf, cookie: page.cookie });
    expect(nonsense.status).toBe(400);
    expect(await snapshot(requestId)).toEqual(before);
  });

  it("takes the page's POST through another host when its Origin is the links' public origin, as behind CloudFront", async () => {
    // On AWS the API sees its execute-api host while the browser's Origin is the console's domain (PUBLIC_URL);
    // here the console's origin plays the other host, and the Origin is the links' public one.
    const own = await approvalFixture(cloud, 'low');
    const id = (await requestAccess(own.requester, { accountId: own.account.id })).id;
    const ownLink = await linkFor(cloud, own.ownerId, id);
    const viaConsole = ownLink.replace(new URL(ownLink).origin, cloud.consoleUrl);
    const page = await openLink(viaConsole);
    expect(page.status).toBe(200);
    const elsewhere = await postDecision(viaConsole, { decision: 'reject', csrf: page.csrf, cookie: page.cookie }, { origin: 'https://console.evil.example' });
    expect(elsewhere.status).toBe(403);
    const response = await postDecision(viaConsole, { decision: 'approve', csrf: page.csrf, cookie: page.cookie }, { origin: new URL(ownLink).origin });
    expect(response.status, response.html.slice(0, 300)).toBe(200);
    expect((await approvalOf(own.admin, id)).stages[0].decisions).toHaveLength(1);
  });

  it('decides once: the same link replayed after a decision is "already decided"', async () => {
    const form = await openLink(link);
    expect((await postDecision(link, { decision: 'approve', csrf: form.csrf, cookie: form.cookie })).status).toBe(200);
    const after = await snapshot(requestId);
    const page = await openLink(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('You have already decided');
    // The browser's back button and "resubmit": the same form, the same cookie.
    const replayed = await postDecision(link, { decision: 'reject', csrf: form.csrf, cookie: form.cookie });
    expect(replayed.status).toBe(409);
    expect(replayed.html).toContain('You have already decided');
    const replay = await snapshot(requestId);
    expect(replay.decisions).toEqual(after.decisions);
  });
});
