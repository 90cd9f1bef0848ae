import { beforeAll, describe, expect, inject, it } from 'vitest';
import { roles, type Role } from '../../core/auth.ts';
import { routeKey, routes } from '../../declarations/routes.ts';
import { accountBody, callerAs, forgedTokens, inAYear, personBody, registryFixture, uniqueId } from '../support/api.ts';

/**
 * Every route × every role, for a caller who is neither the account's owner nor the person concerned:
 * allowed roles get past authorization (any status but 401/403), every other role gets 403, no token 401.
 */
const cloud = inject('localCloud');

type Fixture = Awaited<ReturnType<typeof registryFixture>> & { grantId: string; policyId: string; personId: string; approvalId: string; caseId: string };
type Request = (fx: Fixture) => Promise<{ method: string; path: string; body?: unknown }>;
const everyone = [...roles];

/** A fresh account, for requests that would change the shared fixture's (retire, grant, set login). */
const freshAccount = async (fx: Fixture) => (await fx.admin('POST', '/accounts', { body: accountBody(fx.ownerId) })).body.id as string;

const matrix: Record<string, { allowed: readonly Role[]; request: Request }> = {
  'GET /me': { allowed: everyone, request: async () => ({ method: 'GET', path: '/me' }) },
  'GET /people': { allowed: ['admin', 'hr', 'auditor', 'approver', 'owner'], request: async () => ({ method: 'GET', path: '/people' }) },
  'POST /people': { allowed: ['admin', 'hr'], request: async () => ({ method: 'POST', path: '/people', body: personBody(uniqueId('mx')) }) },
  'POST /people/import': { allowed: ['admin', 'hr'], request: async () => ({ method: 'POST', path: '/people/import', body: { people: [personBody(uniqueId('mx'))] } }) },
  'GET /people/{personId}': { allowed: ['admin', 'hr', 'auditor', 'approver', 'owner'], request: async (fx) => ({ method: 'GET', path: `/people/${fx.personId}` }) },
  'PATCH /people/{personId}': { allowed: ['admin', 'hr'], request: async (fx) => ({ method: 'PATCH', path: `/people/${fx.personId}`, body: { team: uniqueId('team') } }) },
  'GET /people/{personId}/accounts': { allowed: ['admin', 'hr', 'auditor'], request: async (fx) => ({ method: 'GET', path: `/people/${fx.personId}/accounts` }) },
  'GET /people/{personId}/grants': { allowed: ['admin', 'hr', 'auditor'], request: async (fx) => ({ method: 'GET', path: `/people/${fx.personId}/grants` }) },
  'GET /accounts': { allowed: everyone, request: async () => ({ method: 'GET', path: '/accounts' }) },
  'POST /accounts': { allowed: ['admin'], request: async (fx) => ({ method: 'POST', path: '/accounts', body: accountBody(fx.ownerId) }) },
  'GET /accounts/{accountId}': { allowed: everyone, request: async (fx) => ({ method: 'GET', path: `/accounts/${fx.account.id}` }) },
  'PATCH /accounts/{accountId}': { allowed: ['admin'], request: async (fx) => ({ method: 'PATCH', path: `/accounts/${fx.account.id}`, body: { purpose: uniqueId('purpose') } }) },
  'POST /accounts/{accountId}/retire': { allowed: ['admin'], request: async (fx) => ({ method: 'POST', path: `/accounts/${await freshAccount(fx)}/retire`, body: { reason: 'matrix' } }) },
  'GET /accounts/{accountId}/grants': { allowed: ['admin', 'auditor'], request: async (fx) => ({ method: 'GET', path: `/accounts/${fx.account.id}/grants` }) },
  'POST /accounts/{accountId}/grants': { allowed: ['admin'], request: async (fx) => ({ method: 'POST', path: `/accounts/${await freshAccount(fx)}/grants`, body: { personId: fx.personId, role: 'viewer', reason: 'matrix' } }) },
  'POST /accounts/{accountId}/grants/{grantId}/revoke': {
    allowed: ['admin'],
    request: async (fx) => {
      const account = await freshAccount(fx);
      const grant = (await fx.admin('POST', `/accounts/${account}/grants`, { body: { personId: fx.personId, role: 'viewer', reason: 'matrix' } })).body;
      return { method: 'POST', path: `/accounts/${account}/grants/${grant.id}/revoke`, body: { reason: 'matrix' } };
    },
  },
  'PUT /accounts/{accountId}/credential': { allowed: ['admin'], request: async (fx) => ({ method: 'PUT', path: `/accounts/${await freshAccount(fx)}/credential`, body: { username: 'u', password: 'matrix-password-not-secret' } }) },
  'POST /accounts/{accountId}/credential/reveal': { allowed: [], request: async (fx) => ({ method: 'POST', path: `/accounts/${fx.account.id}/credential/reveal`, body: { reason: 'checking' } }) },
  'GET /policies': { allowed: everyone, request: async () => ({ method: 'GET', path: '/policies' }) },
  'POST /policies': {
    allowed: ['admin'],
    request: async (fx) => ({ method: 'POST', path: '/policies', body: { id: uniqueId('pol'), title: 'P', kind: 'policy', documentVersion: '1', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: fx.adminId, nextReviewAt: inAYear() } }),
  },
  'GET /policies/{policyId}': { allowed: everyone, request: async (fx) => ({ method: 'GET', path: `/policies/${fx.policyId}` }) },
  'PATCH /policies/{policyId}': { allowed: ['admin'], request: async (fx) => ({ method: 'PATCH', path: `/policies/${fx.policyId}`, body: { title: uniqueId('title') } }) },
  'GET /audit': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/audit?limit=5' }) },
  'GET /audit/verify': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/audit/verify' }) },
  // Anyone may ask; the callers here are not in the registry, so the ask itself is refused (422), after authorization.
  'POST /access-requests': { allowed: everyone, request: async (fx) => ({ method: 'POST', path: '/access-requests', body: { accountId: fx.account.id, role: 'viewer', reason: 'matrix' } }) },
  'POST /account-requests': { allowed: everyone, request: async (fx) => ({ method: 'POST', path: '/account-requests', body: { account: accountBody(fx.ownerId), reason: 'matrix' } }) },
  'POST /successor-requests': { allowed: ['admin', 'hr'], request: async (fx) => ({ method: 'POST', path: '/successor-requests', body: { successorId: fx.personId, accountIds: [fx.account.id], reason: 'matrix' } }) },
  'GET /approvals': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/approvals' }) },
  'GET /approvals/{approvalId}': { allowed: ['admin', 'auditor'], request: async (fx) => ({ method: 'GET', path: `/approvals/${fx.approvalId}` }) },
  'POST /departures': {
    allowed: ['admin', 'hr'],
    request: async (fx) => {
      const leaver = uniqueId('leaver');
      await fx.admin('POST', '/people', { body: personBody(leaver) });
      return { method: 'POST', path: '/departures', body: { personId: leaver } };
    },
  },
  'GET /departures': { allowed: ['admin', 'hr', 'auditor'], request: async () => ({ method: 'GET', path: '/departures' }) },
  'GET /departures/{caseId}': { allowed: ['admin', 'hr', 'auditor'], request: async (fx) => ({ method: 'GET', path: `/departures/${fx.caseId}` }) },
  'POST /departures/{caseId}/controls/confirm': { allowed: ['admin'], request: async (fx) => ({ method: 'POST', path: `/departures/${fx.caseId}/controls/confirm`, body: { accountId: fx.account.id, kind: 'two-factor' } }) },
  'POST /approvals/{approvalId}/withdraw': { allowed: ['admin'], request: async (fx) => ({ method: 'POST', path: `/approvals/${fx.approvalId}/withdraw`, body: { reason: 'matrix' } }) },
  // Only an approver of the stage it waits at decides, whatever their roles: no role alone is enough.
  'POST /approvals/{approvalId}/decisions': { allowed: [], request: async (fx) => ({ method: 'POST', path: `/approvals/${fx.approvalId}/decisions`, body: { decision: 'approve' } }) },
  'GET /reviews': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/reviews' }) },
  // No review exists in the shared cloud: the governance team and auditors learn that (404); anyone else is refused.
  'GET /reviews/{reviewId}': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/reviews/rv-00000000000000000000' }) },
  // Only a review's assignee may answer it; a review that does not exist asks nobody.
  'POST /reviews/{reviewId}/answers': { allowed: [], request: async () => ({ method: 'POST', path: '/reviews/rv-00000000000000000000/answers', body: { answers: { action: 'submit' } } }) },
  'POST /reviews/{reviewId}/comments': { allowed: everyone, request: async () => ({ method: 'POST', path: '/reviews/rv-00000000000000000000/comments', body: { text: 'matrix' } }) },
  // Only the follow-up sweep: a full run here would act on the other tests' accounts.
  'POST /review-runs': { allowed: ['admin'], request: async () => ({ method: 'POST', path: '/review-runs', body: { kinds: ['follow-up'] } }) },
  'GET /review-runs/{runId}': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/review-runs/manual-0-00000000' }) },
  'GET /findings': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/findings' }) },
  'GET /kpis': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/kpis' }) },
  'GET /kpis/history': { allowed: ['admin', 'auditor'], request: async () => ({ method: 'GET', path: '/kpis/history?limit=5' }) },
};

let fx: Fixture;

beforeAll(async () => {
  const base = await registryFixture(cloud);
  const personId = uniqueId('subject');
  await base.admin('POST', '/people', { body: personBody(personId) });
  const grant = (await base.admin('POST', `/accounts/${base.account.id}/grants`, { body: { personId, role: 'viewer', reason: 'matrix' } })).body;
  const policyId = uniqueId('pol');
  await base.admin('POST', '/policies', { body: { id: policyId, title: 'P', kind: 'policy', documentVersion: '1', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: base.adminId, nextReviewAt: inAYear() } });
  const subject = await callerAs(cloud, personId, ['employee']);
  // A low-risk account: its one stage is its owner's, whoever else is in the registry.
  const lowRisk = base.expect2xx(await base.admin('POST', '/accounts', { body: accountBody(base.ownerId, { riskTier: 'low' }) }), 'account');
  const approval = base.expect2xx(await subject('POST', '/access-requests', { body: { accountId: lowRisk.id, role: 'viewer', reason: 'matrix' } }), 'access request');
  const leaver = uniqueId('leaver');
  base.expect2xx(await base.admin('POST', '/people', { body: personBody(leaver) }), 'leaver');
  const departure = base.expect2xx(await base.admin('POST', '/departures', { body: { personId: leaver } }), 'departure');
  fx = { ...base, grantId: grant.id, policyId, personId, approvalId: approval.id, caseId: departure.id };
});

describe('authorization', () => {
  it('has an entry in this matrix for every JWT route', () => {
    expect(Object.keys(matrix).sort()).toEqual(routes.filter((r) => r.auth === 'jwt').map(routeKey).sort());
  });

  describe.each(Object.entries(matrix))('%s', (key, { allowed, request }) => {
    it.each(roles)('as %s', async (role) => {
      const caller = await callerAs(cloud, uniqueId(`as-${role}`), [role]);
      const { method, path, body } = await request(fx);
      const response = await caller(method, path, { body });
      if (allowed.includes(role)) expect([401, 403], `${key} as ${role}: ${response.text}`).not.toContain(response.status);
      else expect(response.status, `${key} as ${role}: ${response.text}`).toBe(403);
      expect(response.status).toBeLessThan(500);
    });

    it('without a token, or with a forged one, is 401', async () => {
      const { method, path, body } = await request(fx);
      const anonymous = await callerAs(cloud, undefined);
      expect((await anonymous(method, path, { body })).status).toBe(401);
      for (const token of await forgedTokens(cloud)) {
        expect((await anonymous(method, path, { body, headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      }
    });
  });
});
