import { createHash } from 'node:crypto';
import { type Principal, hasRole, requireRole } from '../auth.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors.ts';
import { auditEntry, found, stamp } from '../registry/index.ts';
import type { Person } from '../registry/model.ts';
import type { Page } from '../paging.ts';
import { parseInput } from '../validation.ts';
import { retryOnConflict, saveCase } from './cases.ts';
import { controlConfirmation, departureInput, type ControlKind, type DepartureCase, type DepartureSummary } from './model.ts';
import type { HandoverContext, HandoverWrite } from './ports.ts';
import { report } from './reports.ts';

/**
 * Offboarding as people ask for it: HR (or the HR system) requests a departure, HR, the governance team and
 * auditors read the cases, and a control's new holder confirms it moved. The handover itself is the
 * workflow's (steps.ts).
 */

/** One case per person: the same departure submitted twice is the same case and the same execution. */
export const caseIdOf = (personId: string) => `dep-${createHash('sha256').update(personId).digest('hex').slice(0, 20)}`;

/**
 * Opens the person's departure case and starts its handover. The same person again is the same case: it is
 * answered `created: false`, and its workflow started again (harmless: the execution is named after the case).
 */
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

/** One case with every per-account result, for HR, the governance team and auditors. */
export async function showDeparture(ctx: HandoverContext, principal: Principal, id: string): Promise<DepartureCase> {
  requireRole(principal, 'admin', 'hr', 'auditor');
  return found(await ctx.store.getDeparture(id), `departure ${id}`);
}

/** The cases without their results, newest first, for HR, the governance team and auditors. */
export async function listDepartures(ctx: HandoverContext, principal: Principal, page: { limit: number; next?: string }): Promise<Page<DepartureSummary>> {
  requireRole(principal, 'admin', 'hr', 'auditor');
  return ctx.store.listDepartures(page);
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
