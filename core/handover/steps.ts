import { STEWARD } from '../auth.ts';
import { ConflictError, RotationInProgress, recordableErrorNames } from '../errors.ts';
import { auditEntry, firstAssignable, found, isLive, stamp } from '../registry/index.ts';
import { revokedGrant, type Account, type Person } from '../registry/model.ts';
import { awaitCustodian, custodyTaskIdOf, lockRotation, rotationTokenOf } from '../rotation/index.ts';
import type { RotationContext } from '../rotation/ports.ts';
import { loadCase, retryOnConflict, saveCase } from './cases.ts';
import type { AccountResult, ControlKind, DepartureCase } from './model.ts';
import type { HandoverContext, HandoverWrite } from './ports.ts';
import { governanceTeam, handOffAssignments } from './reassignments.ts';
import { askSuccessors, interimOwnerFor, successorFor } from './succession.ts';

/**
 * The steps the handover workflow runs for a departure case (workflows/handover.asl.json): open, revoke, hand
 * over, rotate each exposed login, then report (`report` in reports.ts). Every step reads the case first and
 * skips what it already did, so a re-run resumes and nothing is revoked, requested or emailed twice.
 */

/** When the handover may start: the workflow waits until then (a past time: at once). */
export async function scheduleOf(ctx: HandoverContext, caseId: string): Promise<{ caseId: string; effectiveAt: string }> {
  const current = await loadCase(ctx, caseId);
  return { caseId, effectiveAt: current.effectiveAt };
}

/** What the workflow does next: which accounts to rotate and to hand over. */
export interface HandoverPlan {
  caseId: string;
  rotate: { caseId: string; accountId: string }[];
  handOver: boolean;
}

function controlsHeld(account: Account, personId: string): ControlKind[] {
  const control = account.platformControl;
  const kinds: ControlKind[] = [];
  if (control.nativeAdmins.some((a) => a.personId === personId)) kinds.push('native-admin');
  if (control.recoveryEmail?.holderId === personId) kinds.push('recovery-email');
  if (control.recoveryPhone?.holderId === personId) kinds.push('recovery-phone');
  if (control.twoFactor?.holderId === personId) kinds.push('two-factor');
  return kinds;
}

const planOf = (c: DepartureCase, credentialed: Set<string>): HandoverPlan => ({
  caseId: c.id,
  rotate: Object.values(c.accounts)
    .filter((a) => a.relations.includes('credential') && credentialed.has(a.accountId) && a.rotation?.status !== 'rotated')
    .map((a) => ({ caseId: c.id, accountId: a.accountId })),
  handOver: Object.values(c.accounts).some((a) => a.relations.includes('owner') || a.relations.includes('backup') || a.relations.includes('control')),
});

/**
 * Step 1: the person is marked departed (from now on no grant, reveal or approval is theirs) and their
 * footprint is read, by Query only: accounts owned, backed up or controlled on the platform; grants; logins
 * they could reveal or did reveal.
 */
export async function openCase(ctx: HandoverContext, caseId: string): Promise<HandoverPlan> {
  let current = await loadCase(ctx, caseId);
  const person = found(await ctx.store.getPerson(current.personId), `person ${current.personId}`);
  if (person.status === 'active') {
    const at = stamp(ctx.now());
    const departed: Person = { ...person, status: 'departed', version: person.version + 1, updatedAt: at };
    await ctx.store.commit({ writes: [{ type: 'person', item: departed, expectedVersion: person.version, previous: person }], audit: auditEntry(STEWARD, 'person.departed', 'person', person.id, { status: 'active' }, { status: 'departed' }, `departure ${caseId}`) });
  }
  const [roles, grants, exposures] = await Promise.all([ctx.store.accountRolesOf(person.id), ctx.store.grantsOfPerson(person.id), ctx.store.exposuresOf(person.id)]);
  // A re-run (after Revoke, say) reads the accounts the case recorded too: their grants are revoked by then, and
  // a login the leaver could reveal must still be in the plan.
  const accountIds = [...new Set([...roles.owned, ...roles.backup, ...roles.controls, ...grants.filter((g) => g.status === 'active').map((g) => g.accountId), ...exposures.map((e) => e.accountId), ...Object.keys(current.accounts)])].sort();
  const accounts = new Map((await Promise.all(accountIds.map((id) => ctx.store.getAccount(id)))).filter((a): a is Account => a !== undefined).map((a) => [a.id, a]));
  const credentialed = new Set([...accounts.values()].filter((a) => a.credential && a.status !== 'retired').map((a) => a.id));
  if (!current.openedAt) {
    const results: Record<string, AccountResult> = {};
    for (const account of accounts.values()) {
      const relations: AccountResult['relations'] = [];
      if (roles.owned.includes(account.id)) relations.push('owner');
      if (roles.backup.includes(account.id)) relations.push('backup');
      if (grants.some((g) => g.accountId === account.id && g.status === 'active')) relations.push('grant');
      if (grants.some((g) => g.accountId === account.id && g.credentialAccess && g.status === 'active') || exposures.some((e) => e.accountId === account.id)) relations.push('credential');
      if (controlsHeld(account, person.id).length > 0) relations.push('control');
      const noLogin = relations.includes('credential') && !credentialed.has(account.id);
      results[account.id] = { accountId: account.id, relations, ...(noLogin ? { rotation: { status: 'no-login', at: stamp(ctx.now()) } } : {}) };
    }
    current = await saveCase(ctx, current, { ...current, status: 'running', accounts: results, openedAt: stamp(ctx.now()) }, 'departure.opened');
  }
  return planOf(current, credentialed);
}

/** Step 2, before anything slow: every live grant of the leaver is revoked, each with its audit event. */
export async function revokeAll(ctx: HandoverContext, caseId: string): Promise<{ revoked: number }> {
  let current = await loadCase(ctx, caseId);
  if (current.revokedAt) return { revoked: 0 };
  const now = ctx.now();
  const live = (await ctx.store.grantsOfPerson(current.personId)).filter((g) => isLive(g, now));
  for (const grant of live) {
    const at = stamp(ctx.now());
    const next = revokedGrant(grant, { by: STEWARD.personId, reason: `departure ${caseId}`, at });
    try {
      await ctx.store.commit({ writes: [{ type: 'grant', item: next, expectedVersion: grant.version }], audit: auditEntry(STEWARD, 'grant.revoked', 'grant', grant.id, grant, next, `departure ${caseId}`) });
    } catch (error) {
      // Changed meanwhile (revoked by hand, say): what matters is that it is not live now, checked below.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  const stillLive = (await ctx.store.grantsOfPerson(current.personId)).filter((g) => isLive(g, ctx.now()));
  if (stillLive.length > 0) throw new Error(`${stillLive.length} grants are still live; the step is retried`);
  current = await loadCase(ctx, caseId);
  const accounts = { ...current.accounts };
  for (const grant of live) {
    const result = accounts[grant.accountId] ?? { accountId: grant.accountId, relations: ['grant'] };
    accounts[grant.accountId] = { ...result, revoked: { grantIds: [...(result.revoked?.grantIds ?? []), grant.id], at: stamp(ctx.now()) } };
  }
  await saveCase(ctx, current, { ...current, accounts, revokedAt: stamp(ctx.now()) }, 'departure.access-revoked', [], `${live.length} grants revoked`);
  return { revoked: live.length };
}

/** A rotation lock outlives a crashed run by this long (a custodian has 7 days to act). */
const ROTATION_LOCK_SECONDS = 8 * 86_400;

/**
 * Where one account's rotation stands: done already (by this case, or by any rotation that finished after the
 * leaver lost access: a second leaver of the same account needs no second rotation), or this case's token,
 * once the account's rotation lock is ours.
 */
export async function rotationStart(ctx: HandoverContext, caseId: string, accountId: string) {
  const current = await loadCase(ctx, caseId, [accountId]);
  const token = rotationTokenOf(caseId, accountId);
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  const step = { caseId, accountId, secretId: found(account.credential, `the login of ${accountId}`).secretArn, token };
  if (current.accounts[accountId]?.rotation?.status === 'rotated') return { ...step, done: true };
  const rotatedByAnother = async (): Promise<boolean> => {
    const credential = found((await ctx.store.getAccount(accountId))?.credential, `the login of ${accountId}`);
    // A value the leaver was shown after it was set (as a custodian, say) is one they know: it changes again.
    const knowsCurrent = (await ctx.store.exposuresOf(current.personId)).some((e) => e.accountId === accountId && e.lastVersionId === credential.versionId);
    return credential.setBy === STEWARD.personId && current.revokedAt !== undefined && credential.setAt >= current.revokedAt && credential.versionId !== token && !knowsCurrent;
  };
  const skip = async () => {
    await recordRotationResult(ctx, caseId, accountId, { status: 'rotated', detail: 'by another rotation that finished after the leaver lost access' });
    return { ...step, done: true };
  };
  const lock = await lockRotation(ctx.store, { accountId, token, ttlSeconds: ROTATION_LOCK_SECONDS, rotated: rotatedByAnother });
  if (lock === 'busy') throw new RotationInProgress(`another rotation of ${accountId} is in progress`);
  if (lock === 'rotated') return skip();
  return { ...step, done: false };
}

/** Records one account's rotation result in the case (waiting on a custodian, rotated, or failed and why). */
export async function recordRotationResult(ctx: HandoverContext, caseId: string, accountId: string, rotation: { status: 'rotated' | 'waiting' | 'failed'; detail?: string }) {
  if (rotation.status !== 'waiting') await ctx.store.releaseRotationLock(accountId, rotationTokenOf(caseId, accountId));
  await retryOnConflict(async () => {
    const current = await loadCase(ctx, caseId, [accountId]);
    const result = current.accounts[accountId] ?? { accountId, relations: ['credential'] };
    if (result.rotation?.status === rotation.status && result.rotation.detail === rotation.detail) return;
    await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, rotation: { ...rotation, at: stamp(ctx.now()) } } } }, `departure.rotation-${rotation.status}`, [], `${accountId}${rotation.detail ? `: ${rotation.detail}` : ''}`);
  });
}

/**
 * A rotation waiting on a person: the case says who sets the new password, then the workflow's token is parked
 * until the custodian confirms (answered at once if they already have).
 */
export async function awaitRotationCustodian(ctx: HandoverContext & RotationContext, input: { caseId: string; accountId: string; token: string; taskToken: string }): Promise<{ parked: 'waiting' | 'answered' }> {
  const task = await ctx.store.getCustodyTask(custodyTaskIdOf(input.token));
  await recordRotationResult(ctx, input.caseId, input.accountId, { status: 'waiting', detail: `${task?.custodianId ?? 'a custodian'} sets the new password on the platform` });
  return { parked: await awaitCustodian(ctx, input) };
}

/** The error a failed Task hands the workflow's Catch: `Error` is its name, `Cause` what it said. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

/** Lambda errors reach the workflow as {errorMessage, errorType} inside Cause. */
function causeMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    return (JSON.parse(cause) as { errorMessage?: string }).errorMessage;
  } catch {
    return cause.slice(0, 300);
  }
}

/**
 * A rotation the workflow gave up on, recorded with a reason a person can act on: the custodian's deadline,
 * what a rule or the platform said (the errors the case records by name), or that retries ran out.
 */
export async function recordRotationFailure(ctx: HandoverContext, caseId: string, accountId: string, error: CaughtError) {
  const name = error.Error ?? 'Error';
  const detail = name === 'States.Timeout' ? 'nobody confirmed the new password in time' : recordableErrorNames.has(name) ? (causeMessage(error.Cause) ?? name) : `${name} (retried, then given up)`;
  return recordRotationResult(ctx, caseId, accountId, { status: 'failed', detail });
}

/** After every exposed login went through rotation: the time from departure to all logins rotated. */
export async function markRotated(ctx: HandoverContext, caseId: string) {
  const current = await loadCase(ctx, caseId);
  if (current.rotatedAt) return;
  await saveCase(ctx, current, { ...current, rotatedAt: stamp(ctx.now()) }, 'departure.logins-rotated');
}

/**
 * Step 4: ownership. Where the leaver owns an account, an active backup owner becomes owner at once (an
 * account never lacks an owner who can act), and the successor is asked to accept through the approval
 * workflow; their acceptance makes them owner. A leaver who only backs an account up is taken off it.
 * Platform-side controls the leaver held become tasks for the account's new owner.
 */
export async function handOver(ctx: HandoverContext, caseId: string): Promise<{ requests: string[] }> {
  let current = await loadCase(ctx, caseId);
  const leaver = found(await ctx.store.getPerson(current.personId), `person ${current.personId}`);
  const bySuccessor = new Map<string, string[]>();
  for (const result of Object.values(current.accounts)) {
    if (result.transfer) {
      if (result.transfer.status === 'waiting' && result.transfer.to) bySuccessor.set(result.transfer.to, [...(bySuccessor.get(result.transfer.to) ?? []), result.accountId]);
      continue;
    }
    // Handed over already (its control tasks made, perhaps confirmed or reassigned since): a re-run leaves them.
    if (result.controls) continue;
    const account = await ctx.store.getAccount(result.accountId);
    if (!account || account.status === 'retired') continue;
    const at = stamp(ctx.now());
    let transfer: AccountResult['transfer'];
    let next = account;
    if (account.ownerId === leaver.id) {
      const successor = await successorFor(ctx, current, account, leaver);
      const interim = await interimOwnerFor(ctx, account, leaver);
      if (interim) next = { ...account, ownerId: interim, backupOwnerId: account.backupOwnerId === interim || account.backupOwnerId === leaver.id ? undefined : account.backupOwnerId };
      if (successor) {
        transfer = { status: 'waiting', to: successor, interimOwnerId: interim, at };
        bySuccessor.set(successor, [...(bySuccessor.get(successor) ?? []), account.id]);
      } else transfer = { status: 'failed', interimOwnerId: interim, at, detail: 'nobody active could take it over: ask the governance team' };
    } else if (account.backupOwnerId === leaver.id) {
      next = { ...account, backupOwnerId: undefined };
      transfer = { status: 'backup-removed', at };
    }
    const held = controlsHeld(account, leaver.id);
    const assignee = await firstAssignable(ctx.store, [next.ownerId, next.backupOwnerId, transfer?.to], governanceTeam(ctx), new Set([leaver.id]));
    const controls = held.length > 0 && assignee ? held.map((kind) => ({ kind, assignedTo: assignee, status: 'open' as const })) : undefined;
    if (!transfer && !controls) continue;
    const accounts = { ...current.accounts, [account.id]: { ...result, ...(transfer ? { transfer } : {}), ...(controls ? { controls } : {}) } };
    // Who is handed something: a new owner, and the controls' assignee. An owner who stays owner (the leaver only
    // backed the account up) is handed nothing, and may be leaving too.
    const handedTo = [...new Set([...(next.ownerId === account.ownerId ? [] : [next.ownerId]), ...(controls ? [controls[0]!.assignedTo] : [])])].filter((id) => id !== leaver.id);
    const writes: HandoverWrite[] = [
      ...(next === account ? [] : [{ type: 'account', item: { ...next, version: account.version + 1, updatedAt: at }, expectedVersion: account.version, previous: account } as HandoverWrite]),
      ...handedTo.map((personId): HandoverWrite => ({ type: 'assignable', personId })),
    ];
    current = await saveCase(ctx, current, { ...current, accounts }, next === account ? 'departure.controls-assigned' : 'account.ownership-changed', writes, `departure ${caseId}: ${account.id}`);
  }
  await handOffAssignments(ctx, leaver.id);
  return { requests: await askSuccessors(ctx, caseId, leaver, bySuccessor) };
}
