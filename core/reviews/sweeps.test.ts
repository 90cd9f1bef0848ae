import { trailLength } from '../../tests/support/audit.ts';
import { describe, expect, it } from 'vitest';
import type { MemoryContext } from '../../adapters/memory/context.ts';
import { account, as, CSRF, depart, driveApproval, grant, lastLink, login, person, policy, ROOT, runHandover, runSweeps, world } from '../../tests/support/memory-world.ts';
import { confirmCustody, revealCustody } from '../rotation/custody.ts';
import type { Account } from '../registry/model.ts';
import { requestAccess } from '../approvals/requests.ts';
import { caseIdOf } from '../handover/departures.ts';
import { openCase } from '../handover/steps.ts';
import { updateAccount } from '../registry/accounts.ts';
import { sweepPage } from './sweeps.ts';

/** Olivia owns accounts and Ben backs them up; Gail and Gus are the governance team with Root; Cora audits brands; Rita works on them. */
async function organisation() {
  const ctx = await world();
  for (const id of ['gail', 'gus']) await person(ctx, id, { team: 'governance' });
  await person(ctx, 'cora', { team: 'communications' });
  for (const id of ['olivia', 'ben', 'rita']) await person(ctx, id);
  return ctx;
}

const subjects = (ctx: MemoryContext, personId: string) => ctx.mailer.to(`${personId}@example.com`).map((email) => email.subject);
const reviewsOfAccount = async (ctx: MemoryContext, accountId: string) => ctx.store.reviewsOf('account', accountId);
/** A well-held account: a backup owner and two native admins, so no single point of failure. */
const wellHeld = { backupOwnerId: 'ben', platformControl: { nativeAdmins: [{ personId: 'olivia', name: 'Olivia' }, { personId: 'ben', name: 'Ben' }] } };

describe('the policy sweep', () => {
  it('opens a review of each policy due today, asks its owner and its audience for comments, and opens nothing twice', async () => {
    const ctx = await organisation();
    await policy(ctx, 'social-media', 'olivia', { nextReviewAt: '2026-06-01', reviewerIds: ['ben'], covers: { all: false, platforms: [], accountIds: [], teams: ['marketing'] } });
    await policy(ctx, 'crisis', 'olivia', { nextReviewAt: '2026-06-02' });
    expect(await runSweeps(ctx, { kinds: ['policy'] })).toEqual({ opened: 1 });
    const [review] = await ctx.store.reviewsOf('policy', 'social-media');
    expect(review).toMatchObject({ kind: 'policy', assigneeId: 'olivia', reviewerIds: ['ben'], status: 'open', dueAt: '2026-06-15T09:00:00.000Z', notifiedAt: expect.any(String) });
    expect(await ctx.store.reviewsOf('policy', 'crisis')).toEqual([]);
    expect([subjects(ctx, 'olivia'), subjects(ctx, 'ben'), subjects(ctx, 'rita')]).toEqual([['Policy review: Policy social-media 1.0 (social-media)'], ['Policy review: Policy social-media 1.0 (social-media)'], ['Policy review: Policy social-media 1.0 (social-media)']]);
    const eventsBefore = await trailLength(ctx.store);
    expect(await runSweeps(ctx, { kinds: ['policy'] })).toEqual({ none: 1 });
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
    expect(ctx.mailer.sent).toHaveLength(3);
  });
});

describe('the account sweeps, tier by tier', () => {
  it('open an access recertification where the tier’s cadence has passed since the last one, listing the live grants', async () => {
    const ctx = await organisation();
    const due = await account(ctx, 'olivia', { ...wellHeld, riskTier: 'high', lastRecertifiedAt: '2026-02-01' });
    const recent = await account(ctx, 'olivia', { ...wellHeld, riskTier: 'high', lastRecertifiedAt: '2026-04-01' });
    const lowTier = await account(ctx, 'olivia', { ...wellHeld, riskTier: 'low', lastRecertifiedAt: '2026-02-01' });
    const held = await grant(ctx, due.id, 'rita');
    expect(await runSweeps(ctx, { kinds: ['recertification'] })).toEqual({ opened: 1 });
    expect(await reviewsOfAccount(ctx, due.id)).toMatchObject([{ kind: 'recertification', assigneeId: 'olivia', cycle: '2026-02-01', grants: [{ grantId: held.id, personId: 'rita', role: 'publisher', credentialAccess: false }] }]);
    expect([await reviewsOfAccount(ctx, recent.id), await reviewsOfAccount(ctx, lowTier.id)]).toEqual([[], []]);
    expect(subjects(ctx, 'olivia')).toEqual([`Access recertification: ${due.displayName} (x ${due.handle}, ${due.id})`]);
  });

  it('give a brand audit to the brand group, spread by account', async () => {
    const ctx = await organisation();
    const due = await account(ctx, 'olivia', { ...wellHeld, lastBrandAuditAt: '2025-05-01' });
    expect(await runSweeps(ctx, { kinds: ['brand-audit'] })).toEqual({ opened: 1 });
    expect(await reviewsOfAccount(ctx, due.id)).toMatchObject([{ kind: 'brand-audit', assigneeId: 'cora' }]);
  });

  it('rotate a login older than its tier allows, holding the account’s lock, and complete the review once the new login is in', async () => {
    const ctx = await organisation();
    ctx.clock.set('2025-05-01T09:00:00.000Z');
    const old = await account(ctx, 'olivia', wellHeld);
    await login(ctx, old, { passwordApi: true });
    const before = (await ctx.store.getAccount(old.id))!.credential!;
    ctx.clock.set('2026-06-01T09:00:00.000Z');
    expect(await runSweeps(ctx, { kinds: ['credential-age'] })).toEqual({ opened: 1 });
    expect(await ctx.store.acquireRotationLock(old.id, 'someone-else', 60)).toBe(false);
    // Secrets Manager runs the rotation function a moment after it answered.
    ctx.clock.advance({ seconds: 5 });
    await ctx.rotations.settle();
    const after = (await ctx.store.getAccount(old.id))!.credential!;
    expect(after.versionId).not.toBe(before.versionId);
    expect(ctx.connector.passwordOf(old.platformAccountId)).toBe((await ctx.secrets.get(after.secretArn)).password);
    expect(await ctx.store.acquireRotationLock(old.id, 'someone-else', 60)).toBe(true);
    ctx.clock.advance({ days: 10 });
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({ completed: 1 });
    expect(await reviewsOfAccount(ctx, old.id)).toMatchObject([{ kind: 'credential-age', status: 'completed', outcome: `rotated at ${after.setAt}` }]);
    expect(subjects(ctx, 'olivia')).toEqual([]);
  });

  it('leave a login-age review open while a custodian sets the new password, and complete it once they confirmed', async () => {
    const ctx = await organisation();
    ctx.clock.set('2025-05-01T09:00:00.000Z');
    const old = await account(ctx, 'olivia', wellHeld);
    await login(ctx, old, { passwordApi: false });
    ctx.clock.set('2026-06-01T09:00:00.000Z');
    await runSweeps(ctx, { kinds: ['credential-age'] });
    ctx.clock.advance({ seconds: 5 });
    await ctx.rotations.settle();
    expect(ctx.rotations.failures.map((f) => [f.step, f.error])).toEqual([['setSecret', 'HumanHandoverPending']]);
    expect(subjects(ctx, 'olivia')).toEqual([`Action needed: set the new password of ${old.displayName}`]);
    expect((await reviewsOfAccount(ctx, old.id))[0]!.status).toBe('open');
    ctx.clock.advance({ days: 2 });
    const link = lastLink(ctx, 'olivia', 'handover')!;
    ctx.connector.setPassword(old.platformAccountId, (await revealCustody(ctx, link, CSRF)).content.secret!);
    expect((await confirmCustody(ctx, link)).content.title).toBe('Thank you');
    ctx.clock.advance({ days: 8 });
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({ completed: 1 });
    expect(ctx.connector.passwordOf(old.platformAccountId)).toBe((await ctx.secrets.get(old.id)).password);
  });

  it('visit every due account once, a page at a time, oldest first', async () => {
    const ctx = await organisation();
    const accounts: Account[] = [];
    for (const day of ['05', '01', '04', '02', '03']) accounts.push(await account(ctx, 'olivia', { ...wellHeld, riskTier: 'high', lastRecertifiedAt: `2026-01-${day}` }));
    const pages: string[][] = [];
    let next: string | undefined;
    do {
      const page = await sweepPage(ctx, { kind: 'recertification', tier: 'high' }, { limit: 2, next });
      pages.push(page.refs);
      next = page.next;
    } while (next);
    expect(pages.flat()).toEqual([1, 3, 4, 2, 0].map((i) => accounts[i]!.id));
    expect(pages.every((refs) => refs.length <= 2)).toBe(true);
    expect(await runSweeps(ctx, { kinds: ['recertification'], pageSize: 2 })).toEqual({ opened: 5 });
    for (const a of accounts) expect(await reviewsOfAccount(ctx, a.id)).toHaveLength(1);
  });
});

describe('the expiry sweeps', () => {
  it('tell a grant’s holder ahead of its expiry once, then end it, tell them, and rotate a login they could reveal', async () => {
    const ctx = await organisation();
    const brand = await account(ctx, 'olivia', wellHeld);
    await login(ctx, brand, { passwordApi: true });
    const before = (await ctx.store.getAccount(brand.id))!.credential!;
    const expiring = await grant(ctx, brand.id, 'rita', { credentialAccess: true, expiresAt: '2026-06-11T09:00:00.000Z' });
    expect(await runSweeps(ctx, { kinds: ['grant-expiry'] })).toEqual({ announced: 1 });
    expect(await runSweeps(ctx, { kinds: ['grant-expiry'] })).toEqual({ none: 1 });
    expect(subjects(ctx, 'rita')).toEqual([`Your access to ${brand.displayName} expires on 2026-06-11`]);
    ctx.clock.set('2026-06-11T09:00:00.000Z');
    expect(await runSweeps(ctx, { kinds: ['grant-expiry'] })).toEqual({ ended: 1 });
    await ctx.rotations.settle();
    expect(await ctx.store.getGrant(brand.id, expiring.id)).toMatchObject({ status: 'revoked', revokedBy: 'steward', revokedReason: 'the grant reached its expiry' });
    expect(subjects(ctx, 'rita').at(-1)).toBe(`Your access to ${brand.displayName} has ended`);
    expect((await ctx.store.getAccount(brand.id))!.credential!.versionId).not.toBe(before.versionId);
    expect(await runSweeps(ctx, { kinds: ['grant-expiry'] })).toEqual({});
  });

  it('tell a person ahead of their training’s expiry once, and end their rights to reveal logins once it has lapsed', async () => {
    const ctx = await organisation();
    await person(ctx, 'tina', { trainingExpiresAt: '2026-06-10' });
    const brand = await account(ctx, 'olivia', wellHeld);
    const held = await grant(ctx, brand.id, 'tina', { credentialAccess: true });
    expect(await runSweeps(ctx, { kinds: ['training-expiry'] })).toEqual({ announced: 1 });
    expect(await runSweeps(ctx, { kinds: ['training-expiry'] })).toEqual({ none: 1 });
    ctx.clock.set('2026-06-10T23:00:00.000Z');
    expect(await runSweeps(ctx, { kinds: ['training-expiry'] })).toEqual({ none: 1 });
    ctx.clock.set('2026-06-11T09:00:00.000Z');
    expect(await runSweeps(ctx, { kinds: ['training-expiry'] })).toEqual({ ended: 1 });
    expect(await ctx.store.getGrant(brand.id, held.id)).toMatchObject({ status: 'active', credentialAccess: false });
    expect(await ctx.store.getPerson('tina')).toMatchObject({ trainingLapsedFor: '2026-06-10', trainingNoticeFor: '2026-06-10' });
    expect(subjects(ctx, 'tina')).toEqual(['Your social media training expires on 2026-06-10', 'Your social media training has expired']);
    expect(await runSweeps(ctx, { kinds: ['training-expiry'] })).toEqual({});
  });
});

describe('the follow-up sweep', () => {
  it('reminds the assignee before the deadline, escalates at it, and then leaves it to those it escalated to', async () => {
    const ctx = await organisation();
    const brand = await account(ctx, 'olivia', { ...wellHeld, riskTier: 'high', lastRecertifiedAt: '2026-01-01' });
    await runSweeps(ctx, { kinds: ['recertification'] });
    const [opened] = await reviewsOfAccount(ctx, brand.id);
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({});
    ctx.clock.advance({ days: 10 });
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({ reminded: 1 });
    expect(subjects(ctx, 'olivia').at(-1)).toBe(`Reminder: Access recertification: ${brand.displayName} (x ${brand.handle}, ${brand.id})`);
    ctx.clock.advance({ days: 4 });
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({ escalated: 1 });
    expect((await ctx.store.getReview(opened!.id))!.escalatedTo).toEqual(['gail', 'gus', 'root']);
    expect((await ctx.store.openReviewsEscalatedTo('gus')).map((r) => r.id)).toEqual([opened!.id]);
    expect(subjects(ctx, 'gus')).toHaveLength(1);
    const sent = ctx.mailer.sent.length;
    ctx.clock.advance({ days: 4 });
    expect(await runSweeps(ctx, { kinds: ['follow-up'] })).toEqual({});
    expect(ctx.mailer.sent).toHaveLength(sent);
  });
});

describe('the sweeps of other workflows', () => {
  it('start again an approval whose workflow never began, once it has waited ten minutes', async () => {
    const ctx = await organisation();
    const brand = await account(ctx, 'olivia', wellHeld);
    const stalled = await requestAccess(ctx, as('rita'), { accountId: brand.id, role: 'viewer', reason: 'Reading' });
    const started = await requestAccess(ctx, as('ben'), { accountId: brand.id, role: 'viewer', reason: 'Reading' });
    await driveApproval(ctx, started.id);
    expect(await runSweeps(ctx, { kinds: ['stalled-approvals'] })).toEqual({ none: 2 });
    ctx.clock.advance({ minutes: 11 });
    expect(await runSweeps(ctx, { kinds: ['stalled-approvals'] })).toEqual({ restarted: 1, none: 1 });
    expect(ctx.workflow.starts.filter((id) => id === stalled.id)).toHaveLength(2);
  });

  it('remind the holders of a waiting departure’s open control tasks after the handover cadence, once per round', async () => {
    const ctx = await organisation();
    await person(ctx, 'lea');
    await account(ctx, 'olivia', { ...wellHeld, platformControl: { nativeAdmins: [{ personId: 'lea', name: 'Lea' }, { personId: 'ben', name: 'Ben' }] } });
    await depart(ctx, 'lea');
    expect((await runHandover(ctx, caseIdOf('lea'))).status).toBe('reported');
    expect(await runSweeps(ctx, { kinds: ['handover-tasks'] })).toEqual({});
    ctx.clock.advance({ days: 7 });
    expect(await runSweeps(ctx, { kinds: ['handover-tasks'] })).toEqual({ reminded: 1 });
    expect(await runSweeps(ctx, { kinds: ['handover-tasks'] })).toEqual({});
    expect(subjects(ctx, 'olivia')).toEqual(['Reminder: move the platform controls Person lea held']);
  });
});

describe('the single-points sweep', () => {
  it('opens what an account’s own record lacks, tells its owner once, and resolves it when fixed', async () => {
    const ctx = await organisation();
    const weak = await account(ctx, 'olivia');
    // Seen twice in a run: flagged by its own record, then again among the accounts with open findings.
    expect(await runSweeps(ctx, { kinds: ['single-points'] })).toEqual({ found: 1, none: 1 });
    expect((await ctx.store.findingsOf(weak.id)).map((f) => [f.id, f.status])).toEqual([
      ['no-backup-owner', 'open'],
      ['too-few-native-admins', 'open'],
    ]);
    expect(subjects(ctx, 'olivia')).toEqual([`Single point of failure: ${weak.displayName}`]);
    expect(await runSweeps(ctx, { kinds: ['single-points'] })).toEqual({ none: 2 });
    await updateAccount(ctx, ROOT, weak.id, wellHeld, 1);
    expect(await runSweeps(ctx, { kinds: ['single-points'] })).toEqual({ resolved: 1 });
    expect((await ctx.store.findingsOf(weak.id)).map((f) => f.status)).toEqual(['resolved', 'resolved']);
    expect(subjects(ctx, 'olivia')).toHaveLength(1);
  });

  it('visits a departed person while they still hold something, and lets them go once they hold nothing', async () => {
    const ctx = await organisation();
    await person(ctx, 'pat');
    const held = await account(ctx, 'pat', wellHeld);
    await depart(ctx, 'pat');
    await openCase(ctx, caseIdOf('pat'));
    expect(await runSweeps(ctx, { kinds: ['single-points'] })).toEqual({ found: 1, none: 1 });
    expect((await ctx.store.findingsOf(held.id)).map((f) => f.id)).toEqual(['owner-departed']);
    await runHandover(ctx, caseIdOf('pat'));
    // Ben, its backup, owns it now, and nobody backs him up: that is found; Pat holds nothing any more.
    expect(await runSweeps(ctx, { kinds: ['single-points'] })).toEqual({ found: 1, resolved: 1, none: 1 });
    expect(await ctx.store.dueBy('DEPARTED_HOLDER', '9999', { limit: 10 })).toEqual({ items: [] });
    expect((await ctx.store.findingsOf(held.id)).map((f) => [f.id, f.status])).toEqual([
      ['no-backup-owner', 'open'],
      ['owner-departed', 'resolved'],
    ]);
  });
});

describe('a whole review run', () => {
  it('run again changes nothing: no review opens twice, no email goes out twice, the audit head stays', async () => {
    const ctx = await organisation();
    await policy(ctx, 'social-media', 'olivia', { nextReviewAt: '2026-06-01', covers: { all: true, platforms: [], accountIds: [], teams: [] } });
    const brand = await account(ctx, 'olivia', { riskTier: 'critical', lastRecertifiedAt: '2026-01-01', lastBrandAuditAt: '2026-01-01' });
    await login(ctx, brand, { passwordApi: false });
    await grant(ctx, brand.id, 'rita', { expiresAt: '2026-06-05T09:00:00.000Z' });
    await person(ctx, 'tina', { trainingExpiresAt: '2026-06-10' });
    ctx.clock.advance({ days: 40 });
    expect(await runSweeps(ctx)).toEqual({ opened: 4, ended: 2, found: 1, none: 1 });
    const eventsBefore = await trailLength(ctx.store);
    const sent = ctx.mailer.sent.length;
    const second = await runSweeps(ctx, { runId: 'run-2' });
    expect(Object.keys(second)).toEqual(['none']);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
    expect(ctx.mailer.sent).toHaveLength(sent);
  });
});
