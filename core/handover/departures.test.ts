import { trailLength } from '../../tests/support/audit.ts';
import { describe, expect, it } from 'vitest';
import { approvalRules } from '../../config/approval-rules.ts';
import type { MemoryContext } from '../../adapters/memory/context.ts';
import { account, as, CSRF, depart, driveApproval, grant, lastLink, login, person, ROOT, runHandover, world } from '../../tests/support/memory-world.ts';
import { checkInvariants } from '../../tests/support/invariants.ts';
import { decide } from '../approvals/decisions.ts';
import { requestAccess } from '../approvals/requests.ts';
import { ForbiddenError, RuleViolationError } from '../errors.ts';
import { revealCredential } from '../registry/credentials.ts';
import { confirmCustody, revealCustody } from '../rotation/custody.ts';
import { rotationTokenOf } from '../rotation/rotation.ts';
import { caseIdOf, confirmControl, requestDeparture } from './departures.ts';
import { handOver, openCase, revokeAll } from './steps.ts';
import { remindOpenTasks, report } from './reports.ts';
import type { ApprovalRules } from '../approvals/rules.ts';
import type { Account } from '../registry/model.ts';

/**
 * Lea leaves. She owns A (Ben backs it up; both are its native admins; its login has a password API and she may
 * reveal it), backs up B, holds C's second factor, and revealed D's login (a platform without a password API:
 * a person sets the new one). Mia is her manager, Sue her successor; Olivia owns B, C and D; Gail and Gus are
 * the governance team with Root, who is HR.
 */
async function organisation(options: { rules?: ApprovalRules } = {}) {
  const ctx = await world({ rules: options.rules });
  for (const id of ['gail', 'gus']) await person(ctx, id, { team: 'governance' });
  for (const id of ['mia', 'ben', 'sue', 'olivia']) await person(ctx, id);
  await person(ctx, 'lea', { managerId: 'mia' });
  const a = await account(ctx, 'lea', { backupOwnerId: 'ben', platformControl: { nativeAdmins: [{ personId: 'lea', name: 'Lea' }, { personId: 'ben', name: 'Ben' }] } });
  const b = await account(ctx, 'olivia', { backupOwnerId: 'lea' });
  const c = await account(ctx, 'olivia', { platformControl: { nativeAdmins: [], twoFactor: { method: 'totp', holderId: 'lea' } } });
  const d = await account(ctx, 'olivia');
  await login(ctx, a, { passwordApi: true });
  await login(ctx, d, { passwordApi: false });
  await grant(ctx, a.id, 'lea', { credentialAccess: true });
  await grant(ctx, c.id, 'lea');
  await grant(ctx, d.id, 'lea', { credentialAccess: true });
  await revealCredential(ctx, as('lea'), d.id, { reason: 'Scheduling posts' });
  return { ctx, a, b, c, d };
}

/** The handover's first steps: open, revoke, hand over. */
async function handOverAfterOpening(ctx: MemoryContext, personId = 'lea') {
  await openCase(ctx, caseIdOf(personId));
  await revokeAll(ctx, caseIdOf(personId));
  return handOver(ctx, caseIdOf(personId));
}

const caseOf = async (ctx: MemoryContext, personId = 'lea') => (await ctx.store.getDeparture(caseIdOf(personId)))!;
const subjects = (ctx: MemoryContext, personId: string) => ctx.mailer.to(`${personId}@example.com`).map((email) => email.subject);

/** The custodian does their part: shows the new password, sets it on the platform, confirms. */
async function setByCustodian(ctx: MemoryContext, custodianId: string, account: Account) {
  const link = lastLink(ctx, custodianId, 'handover')!;
  const shown = await revealCustody(ctx, link, CSRF);
  ctx.connector.setPassword(account.platformAccountId, shown.content.secret!);
  expect((await confirmCustody(ctx, link)).content.title).toBe('Thank you');
}

/** The successor accepts the accounts the case asks them to take over (the approval workflow runs to its end). */
async function acceptSuccession(ctx: MemoryContext) {
  const requestId = Object.values((await caseOf(ctx)).accounts).find((r) => r.transfer?.approvalId)!.transfer!.approvalId!;
  await driveApproval(ctx, requestId);
  await decide(ctx, lastLink(ctx, 'sue')!, { decision: 'approve', csrf: CSRF });
  await driveApproval(ctx, requestId);
}

/** Each open platform-control task of the case is confirmed by whoever holds it. */
async function confirmControls(ctx: MemoryContext) {
  for (const result of Object.values((await caseOf(ctx)).accounts)) {
    for (const task of result.controls ?? []) if (task.status === 'open') await confirmControl(ctx, as(task.assignedTo), caseIdOf('lea'), { accountId: result.accountId, kind: task.kind });
  }
}

/** Everything the handover waits on people for: the successor accepts, the custodian sets D's login, every control moves. */
async function settle(ctx: MemoryContext, d: Account) {
  await acceptSuccession(ctx);
  await setByCustodian(ctx, 'olivia', d);
  expect((await runHandover(ctx, caseIdOf('lea'))).status).toBe('reported');
  await confirmControls(ctx);
}

describe('asking for a departure', () => {
  it('opens one case per person, marks them leaving and starts one handover, however often it is asked', async () => {
    const { ctx } = await organisation();
    const first = await requestDeparture(ctx, ROOT, { personId: 'lea', successorId: 'sue' });
    const again = await requestDeparture(ctx, ROOT, { personId: 'lea' });
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.case.id).toBe(first.case.id);
    expect(ctx.handover.names()).toEqual([caseIdOf('lea')]);
    expect(await ctx.store.getPerson('lea')).toMatchObject({ status: 'active', leavingAt: ctx.now().toISOString() });
    expect(first.case).toMatchObject({ status: 'scheduled', successorId: 'sue', requestedBy: 'root' });
  });

  it('is for HR and the governance team, and names an active successor other than the leaver', async () => {
    const { ctx } = await organisation();
    await expect(requestDeparture(ctx, as('mia'), { personId: 'lea' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestDeparture(ctx, ROOT, { personId: 'lea', successorId: 'lea' })).rejects.toBeInstanceOf(RuleViolationError);
    await requestDeparture(ctx, ROOT, { personId: 'mia' });
    await runHandover(ctx, caseIdOf('mia'));
    await expect(requestDeparture(ctx, ROOT, { personId: 'lea', successorId: 'mia' })).rejects.toThrow('successor mia is not an active person in the registry');
    expect(await ctx.store.getDeparture(caseIdOf('lea'))).toBeUndefined();
  });
});

describe('the handover', () => {
  it('marks the leaver departed and reads their footprint, once', async () => {
    const { ctx, a, b, c, d } = await organisation();
    await depart(ctx, 'lea');
    const plan = await openCase(ctx, caseIdOf('lea'));
    expect((await ctx.store.getPerson('lea'))!.status).toBe('departed');
    const relations = Object.fromEntries(Object.values((await caseOf(ctx)).accounts).map((r) => [r.accountId, r.relations]));
    expect(relations).toEqual({ [a.id]: ['owner', 'grant', 'credential', 'control'], [b.id]: ['backup'], [c.id]: ['grant', 'control'], [d.id]: ['grant', 'credential'] });
    expect(plan).toEqual({ caseId: caseIdOf('lea'), rotate: [a.id, d.id].sort().map((accountId) => ({ caseId: caseIdOf('lea'), accountId })), handOver: true });
    const eventsBefore = await trailLength(ctx.store);
    expect(await openCase(ctx, caseIdOf('lea'))).toEqual(plan);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
  });

  it('revokes every live grant of the leaver, each with its audit event, and a second run revokes nothing', async () => {
    const { ctx } = await organisation();
    await depart(ctx, 'lea');
    await openCase(ctx, caseIdOf('lea'));
    expect(await revokeAll(ctx, caseIdOf('lea'))).toEqual({ revoked: 3 });
    const grants = await ctx.store.grantsOfPerson('lea');
    expect(grants.map((g) => [g.status, g.revokedReason])).toEqual(grants.map(() => ['revoked', `departure ${caseIdOf('lea')}`]));
    for (const g of grants) expect((await ctx.store.auditOf('grant', g.id)).map((e) => e.action)).toEqual(['grant.created', 'grant.revoked']);
    expect((await caseOf(ctx)).revokedAt).toBe(ctx.now().toISOString());
    const eventsBefore = await trailLength(ctx.store);
    expect(await revokeAll(ctx, caseIdOf('lea'))).toEqual({ revoked: 0 });
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
  });

  it('makes the backup owner owner at once and asks the successor to accept; takes a backup-only leaver off; turns platform controls into tasks', async () => {
    const { ctx, a, b, c } = await organisation();
    await depart(ctx, 'lea', { successorId: 'sue' });
    const { requests } = await handOverAfterOpening(ctx);
    expect(await ctx.store.getAccount(a.id)).toMatchObject({ ownerId: 'ben' });
    expect((await ctx.store.getAccount(a.id))!.backupOwnerId).toBeUndefined();
    expect((await ctx.store.getAccount(b.id))!.backupOwnerId).toBeUndefined();
    const results = (await caseOf(ctx)).accounts;
    expect(results[a.id]).toMatchObject({ transfer: { status: 'waiting', to: 'sue', interimOwnerId: 'ben', approvalId: requests[0] }, controls: [{ kind: 'native-admin', assignedTo: 'ben', status: 'open' }] });
    expect(results[b.id]!.transfer!.status).toBe('backup-removed');
    expect(results[c.id]).toMatchObject({ controls: [{ kind: 'two-factor', assignedTo: 'olivia', status: 'open' }] });
    expect(await ctx.store.getApproval(requests[0]!)).toMatchObject({ kind: 'successor-acceptance', requesterId: 'root', subject: { successorId: 'sue', accountIds: [a.id], departureCaseId: caseIdOf('lea') } });
    expect(await ctx.store.accountRolesOf('lea')).toEqual({ owned: [], backup: [], controls: [a.id, c.id].sort() });
    // A re-run asks nobody twice.
    expect(await handOver(ctx, caseIdOf('lea'))).toEqual({ requests });
    expect((await ctx.store.approvalsRequestedBy('root', { limit: 10 })).items.map((r) => r.id)).toEqual(requests);
  });

  it('passes the account to the successor once they accept, the interim owner staying as backup', async () => {
    const { ctx, a, d } = await organisation();
    await depart(ctx, 'lea', { successorId: 'sue' });
    await runHandover(ctx, caseIdOf('lea'));
    await settle(ctx, d);
    expect(await ctx.store.getAccount(a.id)).toMatchObject({ ownerId: 'sue', backupOwnerId: 'ben' });
    expect((await caseOf(ctx)).accounts[a.id]).toMatchObject({ transfer: { status: 'transferred' }, controls: [{ assignedTo: 'sue', status: 'confirmed' }] });
  });

  it('records why when the successor declines, and the interim owner keeps the account', async () => {
    const { ctx, a } = await organisation();
    await depart(ctx, 'lea', { successorId: 'sue' });
    await runHandover(ctx, caseIdOf('lea'));
    const requestId = (await caseOf(ctx)).accounts[a.id]!.transfer!.approvalId!;
    await driveApproval(ctx, requestId);
    await decide(ctx, lastLink(ctx, 'sue')!, { decision: 'reject', comment: 'Not my area', csrf: CSRF });
    await driveApproval(ctx, requestId);
    expect((await caseOf(ctx)).accounts[a.id]!.transfer).toMatchObject({ status: 'failed', detail: "the successor's acceptance was rejected: the governance team must choose someone" });
    expect((await ctx.store.getAccount(a.id))!.ownerId).toBe('ben');
  });

  it('takes a leaver off an account they back up whose owner is leaving later, handing that owner nothing', async () => {
    const { ctx, b } = await organisation();
    await depart(ctx, 'olivia', { effectiveAt: new Date(ctx.now().getTime() + 7 * 86_400_000).toISOString() });
    await depart(ctx, 'lea');
    await handOverAfterOpening(ctx);
    expect(await ctx.store.getAccount(b.id)).toMatchObject({ ownerId: 'olivia' });
    expect((await ctx.store.getAccount(b.id))!.backupOwnerId).toBeUndefined();
    expect((await caseOf(ctx)).accounts[b.id]!.transfer!.status).toBe('backup-removed');
  });

  it('says so when nobody active could take an account over', async () => {
    const rules = { ...approvalRules, groups: { ...approvalRules.groups, governance: { team: 'nobody' } } };
    const ctx = await world({ rules });
    await person(ctx, 'lone');
    const alone = await account(ctx, 'lone');
    await depart(ctx, 'lone');
    await runHandover(ctx, caseIdOf('lone'));
    expect((await caseOf(ctx, 'lone')).accounts[alone.id]!.transfer).toMatchObject({ status: 'failed', detail: 'nobody active could take it over: ask the governance team' });
    expect((await caseOf(ctx, 'lone')).status).toBe('partial');
  });
});

describe('the logins a leaver knew', () => {
  it('change through the password API, and through a custodian where there is none', async () => {
    const { ctx, a, d } = await organisation();
    const before = { a: (await ctx.store.getAccount(a.id))!.credential!, d: (await ctx.store.getAccount(d.id))!.credential! };
    await depart(ctx, 'lea');
    const run = await runHandover(ctx, caseIdOf('lea'));
    expect(run).toEqual({ status: 'waiting', custody: [d.id], busy: [] });
    const rotatedA = (await ctx.store.getAccount(a.id))!.credential!;
    expect(rotatedA).toMatchObject({ setBy: 'steward', versionId: rotationTokenOf(caseIdOf('lea'), a.id) });
    expect(ctx.connector.passwordOf(a.platformAccountId)).toBe((await ctx.secrets.get(rotatedA.secretArn)).password);
    expect(subjects(ctx, 'olivia')).toEqual([`Action needed: set the new password of ${d.displayName}`]);
    expect((await caseOf(ctx)).accounts[d.id]!.rotation).toMatchObject({ status: 'waiting', detail: 'olivia sets the new password on the platform' });
    await setByCustodian(ctx, 'olivia', d);
    expect(ctx.callbacks.answerOf(`custody-${rotationTokenOf(caseIdOf('lea'), d.id)}`)).toMatchObject({ outcome: 'succeeded' });
    expect((await runHandover(ctx, caseIdOf('lea'))).status).toBe('reported');
    const rotatedD = (await ctx.store.getAccount(d.id))!.credential!;
    expect(rotatedD.versionId).not.toBe(before.d.versionId);
    expect(ctx.connector.passwordOf(d.platformAccountId)).toBe((await ctx.secrets.get(rotatedD.secretArn)).password);
    const current = (await caseOf(ctx));
    expect(current.rotatedAt! >= current.revokedAt!).toBe(true);
    expect(subjects(ctx, 'olivia')).toHaveLength(1);
  });

  it('are not rotated twice when another rotation finished after this leaver lost access', async () => {
    const { ctx, a } = await organisation();
    await person(ctx, 'len');
    await grant(ctx, a.id, 'len', { credentialAccess: true });
    await depart(ctx, 'lea');
    await depart(ctx, 'len');
    await openCase(ctx, caseIdOf('len'));
    await revokeAll(ctx, caseIdOf('len'));
    ctx.clock.advance({ minutes: 1 });
    await runHandover(ctx, caseIdOf('lea'));
    const rotated = (await ctx.store.getAccount(a.id))!.credential!;
    ctx.clock.advance({ minutes: 1 });
    expect(await runHandover(ctx, caseIdOf('len'))).toMatchObject({ status: 'reported' });
    expect((await ctx.store.getAccount(a.id))!.credential).toEqual(rotated);
    expect((await caseOf(ctx, 'len')).accounts[a.id]!.rotation).toMatchObject({ status: 'rotated', detail: 'by another rotation that finished after the leaver lost access' });
  });

  it('wait while another rotation holds the account’s lock, and rotate once it is free', async () => {
    const { ctx, a } = await organisation();
    await ctx.store.acquireRotationLock(a.id, 'a-scheduled-rotation', 3600);
    await depart(ctx, 'lea');
    expect((await runHandover(ctx, caseIdOf('lea'))).busy).toEqual([a.id]);
    expect((await caseOf(ctx)).rotatedAt).toBeUndefined();
    await ctx.store.releaseRotationLock(a.id, 'a-scheduled-rotation');
    await runHandover(ctx, caseIdOf('lea'));
    expect((await ctx.store.getAccount(a.id))!.credential!.versionId).toBe(rotationTokenOf(caseIdOf('lea'), a.id));
  });
});

describe('the report and what waits on people', () => {
  it('goes to HR and the governance team once per state, and the case closes when nothing waits on anyone', async () => {
    const { ctx, d } = await organisation();
    const caseId = caseIdOf('lea');
    const reports = (id: string) => subjects(ctx, id).filter((s) => s.startsWith('Departure'));
    await depart(ctx, 'lea', { successorId: 'sue' });
    await runHandover(ctx, caseId);
    expect(reports('gail')).toEqual([]);
    await setByCustodian(ctx, 'olivia', d);
    await runHandover(ctx, caseId);
    expect(['root', 'gail', 'gus'].map(reports)).toEqual(['root', 'gail', 'gus'].map(() => [`Departure ${caseId}: waiting`]));
    expect(await report(ctx, caseId)).toEqual({ status: 'waiting', sent: false });
    expect((await ctx.store.dueBy('HANDOVER_WAITING', '9999', { limit: 10 })).items.map((i) => i.id)).toEqual([caseId]);
    await acceptSuccession(ctx);
    expect(reports('gail')).toHaveLength(1);
    await confirmControls(ctx);
    expect(await caseOf(ctx)).toMatchObject({ status: 'completed', closedAt: expect.any(String) });
    expect(['root', 'gail', 'gus'].map(reports)).toEqual(['root', 'gail', 'gus'].map(() => [`Departure ${caseId}: waiting`, `Departure ${caseId}: completed`]));
    expect((await ctx.store.dueBy('HANDOVER_WAITING', '9999', { limit: 10 })).items).toEqual([]);
    expect(checkInvariants(ctx.store.snapshot(), ctx.now())).toEqual([]);
  });

  it('reminds each holder of an open control task of theirs, and moves the case to its next reminder', async () => {
    const { ctx, c, d } = await organisation();
    await depart(ctx, 'lea');
    await runHandover(ctx, caseIdOf('lea'));
    await setByCustodian(ctx, 'olivia', d);
    await runHandover(ctx, caseIdOf('lea'));
    ctx.clock.advance({ days: 7 });
    expect(await remindOpenTasks(ctx, caseIdOf('lea'))).toBe('reminded');
    const reminder = ctx.mailer.to('olivia@example.com').at(-1)!;
    expect(reminder.subject).toBe('Reminder: move the platform controls Person lea held');
    expect(reminder.text).toContain(`two-factor of ${c.id}`);
    expect((await ctx.store.dueBy('HANDOVER_WAITING', '9999', { limit: 10 })).items).toEqual([{ id: caseIdOf('lea'), dueAt: ctx.now().toISOString() }]);
  });

  it('lets only a control’s new holder or the governance team confirm it', async () => {
    const { ctx, c } = await organisation();
    await depart(ctx, 'lea');
    await runHandover(ctx, caseIdOf('lea'));
    await expect(confirmControl(ctx, as('ben'), caseIdOf('lea'), { accountId: c.id, kind: 'two-factor' })).rejects.toBeInstanceOf(ForbiddenError);
    const confirmed = await confirmControl(ctx, ROOT, caseIdOf('lea'), { accountId: c.id, kind: 'two-factor' });
    expect(confirmed.accounts[c.id]!.controls).toEqual([{ kind: 'two-factor', assignedTo: 'olivia', status: 'confirmed' }]);
  });

  it('hands whatever others gave the leaver to someone who stays: an approval stage, a custody task, another case’s control task', async () => {
    const { ctx, d } = await organisation();
    // Olivia is asked to decide a request, to set D's new password, and to move a control Kit held.
    await person(ctx, 'kit');
    await person(ctx, 'rita');
    const e = await account(ctx, 'olivia', { backupOwnerId: 'ben', platformControl: { nativeAdmins: [{ personId: 'kit', name: 'Kit' }] } });
    const request = await requestAccess(ctx, as('rita'), { accountId: e.id, role: 'viewer', reason: 'Reading the inbox' });
    await driveApproval(ctx, request.id);
    await depart(ctx, 'kit');
    await runHandover(ctx, caseIdOf('kit'));
    await depart(ctx, 'lea');
    await runHandover(ctx, caseIdOf('lea'));
    expect(await ctx.store.openCustodyTasksOf('olivia')).toHaveLength(1);
    await depart(ctx, 'olivia');
    await runHandover(ctx, caseIdOf('olivia'));
    expect(await ctx.store.approvalsAwaiting('olivia')).toEqual([]);
    expect((await ctx.store.getApproval(request.id))!.stages[0]).toMatchObject({ round: 1, approvers: ['gail', 'gus', 'root'] });
    expect(await ctx.store.openCustodyTasksOf('olivia')).toEqual([]);
    expect((await ctx.store.openCustodyTasksOf('ben')).map((t) => t.accountId)).toEqual([]);
    const custodian = (await ctx.store.openCustodyTasksOf('gail')).length ? 'gail' : 'root';
    expect((await ctx.store.openCustodyTasksOf(custodian)).map((t) => t.accountId)).toEqual([d.id]);
    expect((await ctx.store.getDeparture(caseIdOf('kit')))!.accounts[e.id]!.controls).toEqual([{ kind: 'native-admin', assignedTo: 'ben', status: 'open' }]);
    expect(await ctx.store.openTasksOf('olivia')).toEqual([]);
  });
});

describe('every step of the handover run again', () => {
  it('keeps in the plan every login the leaver could reveal, when Open runs again after Revoke', async () => {
    const { ctx, a, d } = await organisation();
    // A login she could reveal through her grant alone: nothing else ties her to the account once it is revoked.
    const e = await account(ctx, 'olivia');
    await login(ctx, e, { passwordApi: true });
    await grant(ctx, e.id, 'lea', { credentialAccess: true });
    await depart(ctx, 'lea');
    const plan = await openCase(ctx, caseIdOf('lea'));
    await revokeAll(ctx, caseIdOf('lea'));
    expect(plan.rotate.map((r) => r.accountId)).toEqual([a.id, d.id, e.id].sort());
    expect(await openCase(ctx, caseIdOf('lea'))).toEqual(plan);
  });

  it('leaves the control tasks it made as they are: a confirmed one stays confirmed, and nothing is written', async () => {
    const { ctx, c } = await organisation();
    await depart(ctx, 'lea');
    await runHandover(ctx, caseIdOf('lea'));
    await confirmControl(ctx, as('olivia'), caseIdOf('lea'), { accountId: c.id, kind: 'two-factor' });
    const eventsBefore = await trailLength(ctx.store);
    await handOver(ctx, caseIdOf('lea'));
    expect((await caseOf(ctx)).accounts[c.id]!.controls).toEqual([{ kind: 'two-factor', assignedTo: 'olivia', status: 'confirmed' }]);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
  });

  it('changes nothing once the case has closed: the audit head stays and no email goes out', async () => {
    const { ctx, d } = await organisation();
    await depart(ctx, 'lea', { successorId: 'sue' });
    await runHandover(ctx, caseIdOf('lea'));
    await settle(ctx, d);
    expect((await caseOf(ctx)).closedAt).toBeDefined();
    const eventsBefore = await trailLength(ctx.store);
    const sent = ctx.mailer.sent.length;
    expect((await runHandover(ctx, caseIdOf('lea'))).status).toBe('reported');
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
    expect(ctx.mailer.sent).toHaveLength(sent);
  });

  it('in the middle (after the hand-over, before any answer) repeats nothing already done', async () => {
    const { ctx } = await organisation();
    await depart(ctx, 'lea', { successorId: 'sue' });
    await runHandover(ctx, caseIdOf('lea'));
    const state = await caseOf(ctx);
    const eventsBefore = await trailLength(ctx.store);
    const sent = ctx.mailer.sent.length;
    await runHandover(ctx, caseIdOf('lea'));
    expect(await caseOf(ctx)).toEqual(state);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
    expect(ctx.mailer.sent).toHaveLength(sent);
  });
});
