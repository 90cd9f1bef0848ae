import type { HandoverWrite } from './ports.ts';
import { createHash } from 'node:crypto';
import type { ApprovalRequest } from '../approvals/model.ts';
import { composeEmail } from '../messaging/email.ts';
import { excuseApprover } from '../approvals/progress.ts';
import { requestSuccessorAcceptance } from '../approvals/requests.ts';
import type { ApprovalOutcomeListener } from '../approvals/ports.ts';
import { type Principal, STEWARD, hasRole, requireRole } from '../auth.ts';
import { ConflictError, ForbiddenError, RotationInProgress, RuleViolationError } from '../errors.ts';
import { auditEntry, found, stamp } from '../registry/common.ts';
import { firstAssignable, isOnStaff } from '../registry/standing.ts';
import { sendOnce } from '../messaging/outbox.ts';
import { isLive } from '../registry/grants.ts';
import type { Account, Grant, Person } from '../registry/model.ts';
import type { Page } from '../registry/ports.ts';
import { parseInput } from '../validation.ts';
import { controlConfirmation, departureInput, type DepartureSummary, type AccountResult, type CaseStatus, type ControlKind, type DepartureCase } from './model.ts';
import type { HandoverContext } from './ports.ts';
import { reassignCustody } from '../rotation/custody.ts';
import { rotationTokenOf } from '../rotation/rotation.ts';

/**
 * Offboarding: a departure case per leaver, and the handover steps its workflow runs (open, revoke, hand over,
 * report). Every step reads the case first and skips what it already did, so a re-run resumes and nothing is
 * revoked, requested or emailed twice.
 */

/** One case per person: the same departure submitted twice is the same case and the same execution. */
export const caseIdOf = (personId: string) => `dep-${createHash('sha256').update(personId).digest('hex').slice(0, 20)}`;

export async function requestDeparture(ctx: HandoverContext, principal: Principal, body: unknown): Promise<{ created: boolean; case: DepartureCase }> {
  requireRole(principal, 'admin', 'hr');
  const input = parseInput(departureInput, body, 'departure');
  const person = found(await ctx.store.getPerson(input.personId), `person ${input.personId}`);
  if (input.successorId !== undefined) {
    if (input.successorId === person.id) throw new RuleViolationError('a leaver cannot be their own successor');
    const successor = await ctx.store.getPerson(input.successorId);
    if (!successor || successor.status !== 'active') throw new RuleViolationError(`successor ${input.successorId} is not an active person in the registry`);
  }
  const id = caseIdOf(person.id);
  const existing = await ctx.store.getDeparture(id);
  if (existing) {
    await ctx.handover.start(id);
    return { created: false, case: existing };
  }
  const at = stamp(ctx.now());
  const effectiveAt = input.effectiveAt && input.effectiveAt > at ? new Date(input.effectiveAt).toISOString() : at;
  const created: DepartureCase = { id, personId: person.id, successorId: input.successorId, requestedBy: principal.personId, effectiveAt, status: 'scheduled', accounts: {}, version: 1, createdAt: at, updatedAt: at };
  // The person is marked leaving in the same transaction: from now on nothing is assigned to them, and from
  // the effective time on they can no longer act, whatever their token says.
  const leaving: Person = { ...person, leavingAt: effectiveAt, version: person.version + 1, updatedAt: at };
  try {
    const { accounts: _none, ...summary } = created;
    const writes: HandoverWrite[] = [{ type: 'departure', item: summary, expectedVersion: null }];
    if (person.status === 'active' && person.leavingAt === undefined) writes.push({ type: 'person', item: leaving, expectedVersion: person.version, previous: person });
    await ctx.store.commit({ writes, audit: auditEntry(principal, 'departure.requested', 'departure', id, undefined, summary) });
  } catch (error) {
    // Two submissions raced: the other one made the case.
    if (!(error instanceof ConflictError)) throw error;
    return { created: false, case: found(await ctx.store.getDeparture(id), `departure ${id}`) };
  }
  await ctx.handover.start(id);
  return { created: true, case: created };
}

export async function showDeparture(ctx: HandoverContext, principal: Principal, id: string): Promise<DepartureCase> {
  requireRole(principal, 'admin', 'hr', 'auditor');
  return found(await ctx.store.getDeparture(id), `departure ${id}`);
}

export async function listDepartures(ctx: HandoverContext, principal: Principal, page: { limit: number; next?: string }): Promise<Page<DepartureSummary>> {
  requireRole(principal, 'admin', 'hr', 'auditor');
  return ctx.store.listDepartures(page);
}

/** When the handover may start: the workflow waits until then (a past time: at once). */
export async function scheduleOf(ctx: HandoverContext, caseId: string): Promise<{ caseId: string; effectiveAt: string }> {
  const current = await loadCase(ctx, caseId);
  return { caseId, effectiveAt: current.effectiveAt };
}

/** A transaction holds at most 100 items; results beyond this go in further commits of the same action. */
const RESULTS_PER_COMMIT = 80;

const summaryOf = ({ accounts: _accounts, version: _version, updatedAt: _updatedAt, ...rest }: DepartureCase) => JSON.stringify(rest);

/**
 * Writes what changed: the per-account results that differ (each its own item, optimistic on its revision, so
 * rotations of different accounts never collide) and the case's own fields when they differ (optimistic on
 * the case version). One audit event per commit.
 */
async function saveCase(ctx: HandoverContext, current: DepartureCase, next: DepartureCase, action: string, extra: HandoverWrite[] = [], reason?: string): Promise<DepartureCase> {
  const changed = Object.values(next.accounts).filter((r) => JSON.stringify(r) !== JSON.stringify(current.accounts[r.accountId]));
  const revised = changed.map((r) => ({ ...r, revision: (current.accounts[r.accountId]?.revision ?? 0) + 1 }));
  const summaryChanged = summaryOf(current) !== summaryOf(next);
  const stamped: DepartureCase = {
    ...next,
    accounts: { ...next.accounts, ...Object.fromEntries(revised.map((r) => [r.accountId, r])) },
    ...(summaryChanged ? { version: current.version + 1, updatedAt: stamp(ctx.now()) } : { version: current.version, updatedAt: current.updatedAt }),
  };
  const resultWrites: HandoverWrite[] = revised.map((r) => ({ type: 'departure-result', caseId: current.id, item: r, expectedRevision: current.accounts[r.accountId]?.revision ?? null }));
  const chunks: HandoverWrite[][] = [];
  for (let i = 0; i < resultWrites.length; i += RESULTS_PER_COMMIT) chunks.push(resultWrites.slice(i, i + RESULTS_PER_COMMIT));
  if (chunks.length === 0) chunks.push([]);
  const { accounts: _accounts, ...summary } = stamped;
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    const writes: HandoverWrite[] = [...(i === 0 ? extra : []), ...chunk, ...(last && summaryChanged ? [{ type: 'departure', item: summary, expectedVersion: current.version } as HandoverWrite] : [])];
    if (writes.length === 0) continue;
    await ctx.store.commit({ writes, audit: auditEntry(STEWARD, action, 'departure', current.id, undefined, caseSummary(stamped), chunks.length > 1 ? `${reason ?? ''} (part ${i + 1} of ${chunks.length})`.trim() : reason) });
  }
  return stamped;
}

const caseSummary = (c: DepartureCase) => ({ status: c.status, revokedAt: c.revokedAt, rotatedAt: c.rotatedAt, reportedAt: c.reportedAt, closedAt: c.closedAt });

/**
 * Read-modify-write of a case that others may write at the same moment (the rotations of a handover run five
 * at a time; successors and custodians answer whenever they do): a lost race re-reads and tries again.
 */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * Math.min(attempt, 8)));
    }
  }
}

const loadCase = async (ctx: HandoverContext, id: string, accountIds?: readonly string[]) => found(await ctx.store.getDeparture(id, accountIds), `departure ${id}`);

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
  const accountIds = [...new Set([...roles.owned, ...roles.backup, ...roles.controls, ...grants.filter((g) => g.status === 'active').map((g) => g.accountId), ...exposures.map((e) => e.accountId)])].sort();
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
    const next: Grant = { ...grant, status: 'revoked', revokedAt: at, revokedBy: STEWARD.personId, revokedReason: `departure ${caseId}`, version: grant.version + 1, updatedAt: at };
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
  if (await rotatedByAnother()) return skip();
  if (!(await ctx.store.acquireRotationLock(accountId, token, ROTATION_LOCK_SECONDS))) throw new RotationInProgress(`another rotation of ${accountId} is in progress`);
  // The lock's last holder may have finished its rotation between the check above and the lock: look again.
  if (await rotatedByAnother()) return skip();
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

/** After every exposed login went through rotation: the time from departure to all logins rotated. */
export async function markRotated(ctx: HandoverContext, caseId: string) {
  const current = await loadCase(ctx, caseId);
  if (current.rotatedAt) return;
  await saveCase(ctx, current, { ...current, rotatedAt: stamp(ctx.now()) }, 'departure.logins-rotated');
}

const governanceTeam = (ctx: HandoverContext) => ctx.rules.groups.governance?.team ?? 'governance';

/** The successor for an account the leaver owns: the one named, else the backup owner, else the manager, else governance. */
const successorFor = (ctx: HandoverContext, c: DepartureCase, account: Account, leaver: Person) =>
  firstAssignable(ctx.store, [c.successorId, account.backupOwnerId, leaver.managerId], governanceTeam(ctx), new Set([leaver.id]));

/** Who owns the account from the moment its only owner leaves until the successor accepts: backup, else manager, else governance. */
const interimOwnerFor = (ctx: HandoverContext, account: Account, leaver: Person) =>
  firstAssignable(ctx.store, [account.backupOwnerId, leaver.managerId], governanceTeam(ctx), new Set([leaver.id]));

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
    const handedTo = [...new Set([...(next === account ? [] : [next.ownerId]), ...(controls ? [controls[0]!.assignedTo] : [])])].filter((id) => id !== leaver.id);
    const writes: HandoverWrite[] = [
      ...(next === account ? [] : [{ type: 'account', item: { ...next, version: account.version + 1, updatedAt: at }, expectedVersion: account.version, previous: account } as HandoverWrite]),
      ...handedTo.map((personId): HandoverWrite => ({ type: 'assignable', personId })),
    ];
    current = await saveCase(ctx, current, { ...current, accounts }, next === account ? 'departure.controls-assigned' : 'account.ownership-changed', writes, `departure ${caseId}: ${account.id}`);
  }
  await handOffAssignments(ctx, leaver.id);
  const requests: string[] = [];
  for (const [successorId, accountIds] of bySuccessor) {
    // The request's id is known before it exists, so the case names it first: an answer can never find the
    // case not yet expecting it.
    const id = `apr-${createHash('sha256').update(`${caseId}/${successorId}`).digest('hex').slice(0, 16)}`;
    current = await loadCase(ctx, caseId);
    const accounts = { ...current.accounts };
    for (const accountId of accountIds) {
      const transfer = accounts[accountId]!.transfer!;
      if (transfer.approvalId !== id) accounts[accountId] = { ...accounts[accountId]!, transfer: { ...transfer, approvalId: id } };
    }
    current = await saveCase(ctx, current, { ...current, accounts }, 'departure.successor-asked', [], `${successorId}: ${id}`);
    // Asked in the name of whoever requested the departure, unless that is the successor: nobody accepts a
    // request of their own, so Steward asks (found by the model-based test: the handover failed outright).
    const asker = successorId === current.requestedBy ? { personId: STEWARD.personId, roles: ['hr' as const] } : { personId: current.requestedBy, roles: ['hr' as const] };
    let request: ApprovalRequest;
    try {
      request = await requestSuccessorAcceptance(ctx, asker, { successorId, accountIds, departingPersonId: leaver.id, departureCaseId: caseId, reason: `${leaver.name} is leaving; please take over these accounts.` }, id);
    } catch (error) {
      // Refused by the rules (nobody may accept): those transfers fail with the reason, the rest of the handover goes on.
      if (!(error instanceof RuleViolationError)) throw error;
      await retryOnConflict(async () => {
        const latest = await loadCase(ctx, caseId, accountIds);
        const failed = Object.fromEntries(accountIds.map((accountId) => [accountId, { ...latest.accounts[accountId]!, transfer: { ...latest.accounts[accountId]!.transfer!, status: 'failed' as const, at: stamp(ctx.now()), detail: error.message } }]));
        await saveCase(ctx, latest, { ...latest, accounts: { ...latest.accounts, ...failed } }, 'departure.transfer-failed', [], error.message);
      });
      continue;
    }
    requests.push(request.id);
    // Asked before a crash and answered since: settle it now (settling twice changes nothing).
    if (request.kind === 'successor-acceptance' && request.status !== 'pending') await settleSuccession(ctx, request);
  }
  return { requests };
}

/**
 * Whatever others handed the leaver (platform-control tasks of other cases, approval stages waiting for them,
 * custody of a pending password) goes to someone who stays. Run by the handover and again by each report,
 * since an index read just after another case's write may not show it yet.
 */
async function handOffAssignments(ctx: HandoverContext, leaverId: string) {
  for (const { caseId, accountId } of await ctx.store.openTasksOf(leaverId)) await retryOnConflict(() => reassignControlTasks(ctx, caseId, accountId, leaverId));
  for (const requestId of await ctx.store.approvalsAwaiting(leaverId)) await excuseApprover(ctx, requestId, leaverId);
  for (const task of await ctx.store.openCustodyTasksOf(leaverId)) await reassignCustody(ctx, task, leaverId);
}

async function reassignControlTasks(ctx: HandoverContext, caseId: string, accountId: string, leaverId: string) {
  const current = await loadCase(ctx, caseId, [accountId]);
  const result = current.accounts[accountId];
  if (!result?.controls?.some((t) => t.status === 'open' && t.assignedTo === leaverId)) return;
  const account = await ctx.store.getAccount(accountId);
  const to = await firstAssignable(ctx.store, [account?.ownerId, account?.backupOwnerId], governanceTeam(ctx), new Set([leaverId, current.personId]));
  // Nobody at all is left: the task stays open on the leaver and the case's report says who holds it.
  if (!to) return;
  const controls = result.controls.map((t) => (t.status === 'open' && t.assignedTo === leaverId ? { ...t, assignedTo: to } : t));
  await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, controls } } }, 'departure.controls-reassigned', [{ type: 'assignable', personId: to }], `${accountId}: ${leaverId} is leaving; to ${to}`);
}

/** The handover's listener for approval outcomes (wired where contexts are built): a successor's answer settles its case. */
export const successionSettler = (ctx: HandoverContext): ApprovalOutcomeListener => ({
  settled: (request) => (request.kind === 'successor-acceptance' ? settleSuccession(ctx, request) : Promise.resolve()),
});

/**
 * A successor's answer (the approval workflow calls this when a successor-acceptance request ends): accepted
 * accounts pass to them, in one transaction each with its audit event; otherwise the case says why.
 */
export async function settleSuccession(ctx: HandoverContext, request: Extract<ApprovalRequest, { kind: 'successor-acceptance' }>): Promise<void> {
  const caseId = request.subject.departureCaseId;
  if (!caseId) return;
  for (const accountId of request.subject.accountIds) await retryOnConflict(() => settleAccount(ctx, request, caseId, accountId));
  await retryOnConflict(() => report(ctx, caseId));
}

async function settleAccount(ctx: HandoverContext, request: Extract<ApprovalRequest, { kind: 'successor-acceptance' }>, caseId: string, accountId: string) {
  const current = await loadCase(ctx, caseId, [accountId]);
  const result = current.accounts[accountId];
  // Only the request this case asked settles it: another request naming the case changes nothing.
  if (!result?.transfer || result.transfer.status !== 'waiting' || result.transfer.approvalId !== request.id) return;
  const at = stamp(ctx.now());
  const account = await ctx.store.getAccount(accountId);
  if (request.status !== 'approved' || !account) {
    const detail = request.status === 'approved' ? 'the account is gone' : `the successor's acceptance was ${request.status}: the governance team must choose someone`;
    await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, transfer: { ...result.transfer, status: 'failed', at, detail } } } }, 'departure.transfer-failed', [], detail);
    return;
  }
  const successor = request.subject.successorId;
  const interim = account.ownerId !== current.personId && account.ownerId !== successor ? account.ownerId : undefined;
  const owned: Account = { ...account, ownerId: successor, backupOwnerId: account.backupOwnerId === successor ? interim : (account.backupOwnerId ?? interim), version: account.version + 1, updatedAt: at };
  const controls = result.controls?.map((c) => ({ ...c, assignedTo: successor }));
  await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, transfer: { ...result.transfer, status: 'transferred', at }, ...(controls ? { controls } : {}) } } }, 'account.ownership-transferred', [{ type: 'account', item: owned, expectedVersion: account.version, previous: account }], `${accountId} to ${successor} (${request.id})`);
}

const waitingOnPeople = (c: DepartureCase) => Object.values(c.accounts).some((a) => a.transfer?.status === 'waiting' || a.rotation?.status === 'waiting' || a.controls?.some((t) => t.status === 'open'));

function statusOf(c: DepartureCase): CaseStatus {
  const results = Object.values(c.accounts);
  if (results.some((a) => a.transfer?.status === 'failed' || a.rotation?.status === 'failed')) return 'partial';
  return waitingOnPeople(c) ? 'waiting' : 'completed';
}

const seconds = (from: string, to?: string) => (to ? `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s` : 'not yet');

function accountLine(a: AccountResult): string {
  const parts = [`${a.accountId} (${a.relations.join(', ')})`];
  if (a.revoked) parts.push(`revoked ${a.revoked.grantIds.length} grant(s)`);
  if (a.rotation) parts.push(`login ${a.rotation.status}${a.rotation.detail ? `: ${a.rotation.detail}` : ''}`);
  if (a.transfer) parts.push(`ownership ${a.transfer.status}${a.transfer.to ? ` to ${a.transfer.to}` : ''}${a.transfer.detail ? `: ${a.transfer.detail}` : ''}`);
  for (const task of a.controls ?? []) parts.push(`${task.kind} → ${task.assignedTo} (${task.status})`);
  return parts.join('; ');
}

/**
 * The report, to HR and the governance team: per account what was done, and the times from departure to all
 * access revoked and to all logins rotated. Sent when the handover has run, and again once nothing is left
 * waiting on a person (then the case closes). Never twice for the same state.
 */
export async function report(ctx: HandoverContext, caseId: string): Promise<{ status: CaseStatus; sent: boolean }> {
  await handOffAssignments(ctx, (await loadCase(ctx, caseId, [])).personId);
  const current = await loadCase(ctx, caseId);
  const status = statusOf(current);
  const closing = status !== 'waiting';
  if (current.closedAt || (current.reportedAt && !closing)) return { status: current.status, sent: false };
  const leaver = await ctx.store.getPerson(current.personId);
  const governance = await ctx.store.listPeople({ team: ctx.rules.groups.governance?.team ?? 'governance', status: 'active' }, { limit: 100 });
  const recipients = new Map<string, string>();
  for (const person of [await ctx.store.getPerson(current.requestedBy), ...governance.items]) if (isOnStaff(person, ctx.now())) recipients.set(person.id, person.email);
  const lines = [
    `Departure of ${leaver?.name ?? current.personId} (${current.personId}), effective ${current.effectiveAt}: ${status}.`,
    `All access revoked: ${seconds(current.effectiveAt, current.revokedAt)} after the departure. All logins rotated: ${seconds(current.effectiveAt, current.rotatedAt)}.`,
    ...Object.values(current.accounts).map(accountLine),
  ];
  if (Object.keys(current.accounts).length === 0) lines.push('They held no account, grant, login or platform control.');
  // However many steps report at once (the workflow, a successor's answer, a confirmation), each recipient
  // hears of each state once.
  for (const [personId, email] of recipients) await sendOnce(ctx, `departure-report/${current.id}/${closing ? 'closed' : 'waiting'}/${personId}`, composeEmail(email, `Departure ${current.id}: ${status}`, lines));
  const at = stamp(ctx.now());
  await saveCase(ctx, current, { ...current, status, reportedAt: at, ...(closing ? { closedAt: at } : {}) }, closing ? 'departure.closed' : 'departure.reported');
  return { status, sent: true };
}

/**
 * A case still waiting on people, reminded: each holder of an open platform-control task gets one email
 * listing theirs. Recorded on the case, which moves it along the due index to its next reminder.
 */
export async function remindOpenTasks(ctx: HandoverContext, caseId: string): Promise<'reminded' | 'none'> {
  const current = await loadCase(ctx, caseId);
  if (current.closedAt || current.status !== 'waiting') return 'none';
  const open = new Map<string, string[]>();
  for (const result of Object.values(current.accounts)) {
    for (const task of result.controls ?? []) if (task.status === 'open') open.set(task.assignedTo, [...(open.get(task.assignedTo) ?? []), `${task.kind} of ${result.accountId}`]);
  }
  const leaver = await ctx.store.getPerson(current.personId);
  for (const [personId, tasks] of open) {
    const person = await ctx.store.getPerson(personId);
    if (!isOnStaff(person, ctx.now())) continue;
    await sendOnce(
      ctx,
      `departure-reminder/${caseId}/${current.remindedAt ?? current.reportedAt}/${personId}`,
      composeEmail(person.email, `Reminder: move the platform controls ${leaver?.name ?? current.personId} held`, [
        `${leaver?.name ?? current.personId} has left, and still holds these on the platforms: ${tasks.join('; ')}.`,
        `Move each to yourself or a company address on the platform, then confirm it: govern departures confirm-control ${caseId} --account <id> --kind <kind>.`,
      ]),
    );
  }
  await saveCase(ctx, current, { ...current, remindedAt: stamp(ctx.now()) }, 'departure.tasks-reminded', [], `${open.size} holder(s) of open control tasks`);
  return 'reminded';
}

/** An account owner (or the governance team) confirms a platform-side control has been moved off the leaver. */
export async function confirmControl(ctx: HandoverContext, principal: Principal, caseId: string, body: unknown): Promise<DepartureCase> {
  const { accountId, kind } = parseInput(controlConfirmation, body, 'control confirmation');
  return retryOnConflict(() => confirmControlOnce(ctx, principal, caseId, accountId, kind));
}

async function confirmControlOnce(ctx: HandoverContext, principal: Principal, caseId: string, accountId: string, kind: ControlKind): Promise<DepartureCase> {
  const current = await ctx.store.getDeparture(caseId, [accountId]);
  const assigned = current?.accounts[accountId]?.controls?.find((t) => t.kind === kind);
  // Only the task's assignee and the governance team learn whether it exists.
  if (assigned?.assignedTo !== principal.personId && !hasRole(principal, 'admin')) throw new ForbiddenError("only the control's new holder or the governance team may confirm it");
  const result = found(found(current, `departure ${caseId}`).accounts[accountId], `account ${accountId} in ${caseId}`);
  const task = found(assigned, `${kind} task of ${accountId}`);
  if (task.status === 'confirmed') return current!;
  const controls = result.controls!.map((t) => (t.kind === kind ? { ...t, status: 'confirmed' as const } : t));
  const next = await saveCase(ctx, current!, { ...current!, accounts: { ...current!.accounts, [accountId]: { ...result, controls } } }, 'departure.control-confirmed', [], `${accountId} ${kind} by ${principal.personId}`);
  await retryOnConflict(() => report(ctx, caseId));
  return (await ctx.store.getDeparture(caseId)) ?? next;
}
