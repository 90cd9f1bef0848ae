import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approvalRules } from '../../config/approval-rules.ts';
import { signLink, verifyLink, type LinkKey, type LinkKeyRing } from '../../core/messaging/links.ts';
import { composeEmail, presentEmail } from '../../core/messaging/email.ts';
import { renderPage } from '../../core/messaging/pages.ts';
import { readableTimes } from '../../core/messaging/look.ts';
import { escapeHtml } from '../../core/messaging/html.ts';
import { approvalRulesSchema, resolveStages, type StageContext } from '../../core/approvals/rules.ts';
import { RuleViolationError } from '../../core/errors.ts';
import { testApprovalRules } from '../support/approval-rules.ts';

const key = (id: string): LinkKey => ({ id, secret: randomBytes(48) });

/** A ring as Secrets Manager's labels make it: one current key, at most one previous. */
function ring(current: LinkKey, previous?: LinkKey): LinkKeyRing {
  return { current: async () => current, find: async (id) => [current, previous].find((k) => k?.id === id) };
}

const claims = { requestId: 'apr-abc123', stage: 1, round: 0, approverId: 'grace-hopper', expiresAt: Math.floor(Date.now() / 1000) + 3600 };

describe('approval links', () => {
  it('verify with the key that signed them, and after one rotation with the previous key', async () => {
    const first = key('k1');
    const token = await signLink(ring(first), claims);
    expect(await verifyLink(ring(first), token, new Date())).toEqual({ ok: true, claims });
    const second = key('k2');
    expect(await verifyLink(ring(second, first), token, new Date())).toEqual({ ok: true, claims });
    expect(await verifyLink(ring(key('k3'), second), token, new Date())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse any change to the claims or the signature, and a key that only claims the right id', async () => {
    const signer = key('k1');
    const token = await signLink(ring(signer), claims);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const forge = (changes: Record<string, unknown>) => {
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return `${version}.${Buffer.from(JSON.stringify({ ...decoded, ...changes })).toString('base64url')}.${signature}`;
    };
    const attempts = [
      forge({ r: 'apr-other' }),
      forge({ a: 'mallory' }),
      forge({ s: 0 }),
      forge({ n: 1 }),
      forge({ e: claims.expiresAt + 86_400 }),
      `${version}.${payload}.${signature.slice(0, -2)}AA`,
      `v2.${payload}.${signature}`,
      `${version}.${payload}`,
      '',
      'x'.repeat(5000),
    ];
    for (const attempt of attempts) expect(await verifyLink(ring(signer), attempt, new Date()), attempt.slice(0, 40)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLink(ring({ id: 'k1', secret: randomBytes(48) }), token, new Date())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expire at their expiry, and only a genuine link is told it expired', async () => {
    const signer = key('k1');
    const token = await signLink(ring(signer), claims);
    expect(await verifyLink(ring(signer), token, new Date(claims.expiresAt * 1000 - 1))).toMatchObject({ ok: true });
    expect(await verifyLink(ring(signer), token, new Date(claims.expiresAt * 1000))).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('approval rules', () => {
  it('the repository rules and the test rules are valid', () => {
    expect(approvalRulesSchema.safeParse(approvalRules).success).toBe(true);
    expect(approvalRulesSchema.safeParse(testApprovalRules).success).toBe(true);
  });

  it('refuse unknown approver groups, a reminder after the deadline, and a missing tier', () => {
    const broken = structuredClone(approvalRules) as any;
    broken.kinds['access-request'].low[0].approvers = 'nobody-knows';
    broken.kinds['access-request'].medium[0].reminderBeforeHours = 71;
    broken.kinds['access-request'].medium[1].reminderBeforeHours = 72;
    const issues = approvalRulesSchema.safeParse(broken).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['kinds.access-request.low.0.approvers', 'kinds.access-request.medium.1.reminderBeforeHours']);
    const incomplete = structuredClone(approvalRules) as any;
    delete incomplete.kinds['new-account'].critical;
    expect(approvalRulesSchema.safeParse(incomplete).error?.issues.map((i) => i.path.join('.'))).toEqual(['kinds.new-account.critical']);
  });

  const context = (overrides: Partial<StageContext>): StageContext => ({
    kind: 'access-request',
    riskTier: 'medium',
    requesterId: 'req',
    accountOwnerId: 'owner',
    teamMembers: async (team) => ({ governance: ['gov-1', 'gov-2', 'req'], security: ['sec-1'] })[team] ?? [],
    ...overrides,
  });

  it('names each stage approvers and never the requester', async () => {
    const stages = await resolveStages(approvalRules, context({}));
    expect(stages.map((s) => [s.name, s.approvers])).toEqual([
      ['Account owner', ['owner']],
      ['Governance team', ['gov-1', 'gov-2']],
    ]);
    expect(stages[0]!.fallbackApprovers).toEqual(['gov-1', 'gov-2']);
  });

  it('gives an owner asking for access to their own account the fallback group instead', async () => {
    const stages = await resolveStages(approvalRules, context({ requesterId: 'owner', accountOwnerId: 'owner' }));
    expect(stages[0]!.approvers).toEqual(['gov-1', 'gov-2', 'req']);
  });

  it('refuses up front a request nobody but the requester could approve', async () => {
    const lonely = context({ riskTier: 'high', requesterId: 'sec-1', teamMembers: async (team) => (team === 'security' ? ['sec-1'] : team === 'governance' ? [] : []) });
    await expect(resolveStages(approvalRules, lonely)).rejects.toBeInstanceOf(RuleViolationError);
  });
});

describe('the confirmation page', () => {
  it('escapes every piece of user text it shows', () => {
    const hostile = `<script>alert(1)</script>"'\`=&<img src=x onerror=alert(2)>`;
    const look = { companyName: hostile, logoUrl: `https://cdn.example.com/logo.png"${hostile}`, timeZone: 'UTC' };
    const html = renderPage({ title: hostile, lead: [hostile], facts: [[hostile, hostile]], decisions: [hostile], secret: hostile, form: { csrf: hostile, buttons: [{ name: 'action', value: hostile, label: hostile }] } }, look);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<img(?! src="https:\/\/cdn\.example\.com\/logo\.png&#34;)/);
    expect(html).not.toMatch(/value="[^"]*"[^>]*"/);
    // Title (twice: <title> and <h1>), lead, fact label and value, decision, secret, CSRF value, button value and
    // label, the company's name in the header, and its logo's address.
    expect(html.split(escapeHtml(hostile)).length - 1).toBe(12);
    const email = presentEmail(composeEmail('a@example.com', hostile, [hostile], [[hostile, hostile]], { label: hostile, url: hostile }), look);
    expect(email.html).not.toContain('<script>');
    // The line, the fact's label and value, the link's address and label, the company's name and its logo's address.
    expect(email.html.split(escapeHtml(hostile)).length - 1).toBe(7);
  });
});

describe('times in emails and on link pages', () => {
  it('are said in the company time zone, the zone named, wherever they appear', () => {
    const look = { companyName: 'Example Corp', timeZone: 'Europe/Berlin' };
    const email = presentEmail(composeEmail('a@example.com', 'Due 2026-12-02T19:16:14.638Z', ['Decide by 2026-12-02T19:16:14Z.'], [['Deadline', '2026-07-01T08:00:00+00:00']]), look);
    expect(email.subject).toBe('Due Wed, 2 Dec 2026, 20:16 CET');
    expect(email.text).toContain('Decide by Wed, 2 Dec 2026, 20:16 CET.');
    expect(email.text).toContain('Deadline: Wed, 1 Jul 2026, 10:00 CEST');
    expect(email.html).toContain('Example Corp · Steward');
    expect(email.html).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const page = renderPage({ title: 'Review', lead: ['Completed 2026-12-02T19:16:14.638Z by x'], facts: [['Deadline', '2026-12-03T00:00:00.000Z']] }, { ...look, timeZone: 'UTC' });
    expect(page).toContain('Completed Wed, 2 Dec 2026, 19:16 UTC by x');
    expect(page).toContain('Thu, 3 Dec 2026, 00:00 UTC');
    // A date without a time (a training expiry) is a day everywhere, and stays as it is.
    expect(readableTimes('until 2027-12-31', 'Asia/Tokyo')).toBe('until 2027-12-31');
  });
});
