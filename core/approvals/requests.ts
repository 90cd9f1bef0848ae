import { type Principal, hasRole, requireRole } from '../auth.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors.ts';
import { auditEntry, found, isLive, newAccountRecord, stamp, trainingCurrent } from '../registry/index.ts';
import { allPages } from '../paging.ts';
import type { Person } from '../registry/model.ts';
import type { Page } from '../paging.ts';
import { parseInput } from '../validation.ts';
import { accessRequestInput, accountRequestInput, successorRequestInput, withdrawInput, type ApprovalRequest, type StageState } from './model.ts';
import type { ApprovalContext } from './ports.ts';
import { resolveStages, type RequestKind } from './rules.ts';
import { type RiskTier } from '../registry/model.ts';

const TIER_ORDER: RiskTier[] = ['low', 'medium', 'high', 'critical'];

async function activePerson(ctx: ApprovalContext, id: string, who: string): Promise<Person> {
  const person = await ctx.store.getPerson(id);
  if (!person) throw new RuleViolationError(`${who} ${id} is not in the registry`);
  if (person.status !== 'active') throw new RuleViolationError(`${who} ${id} has departed`);
  return person;
}

async function teamMembers(ctx: ApprovalContext, team: string): Promise<string[]> {
  return (await allPages((page) => ctx.store.listPeople({ team, status: 'active' }, page))).map((p) => p.id);
}

/**
 * Stores a new request with its resolved stages and starts its workflow. With an `id` chosen by the caller
 * (a workflow asking on someone's behalf), opening it again returns the request already there.
 */
async function open(ctx: ApprovalContext, principal: Principal, request: Omit<ApprovalRequest, 'id' | 'status' | 'stages' | 'currentStage' | 'version' | 'createdAt' | 'updatedAt'>, context: { accountOwnerId?: string; successorId?: string }, id?: string): Promise<ApprovalRequest> {
  if (id) {
    const existing = await ctx.store.getApproval(id);
    if (existing) {
      await ctx.workflow.start(existing.id);
      return existing;
    }
  }
  const resolved = await resolveStages(ctx.rules, {
    kind: request.kind as RequestKind,
    riskTier: request.riskTier,
    requesterId: request.requesterId,
    ...context,
    teamMembers: (team) => teamMembers(ctx, team),
  });
  const at = stamp(ctx.now());
  const stages: StageState[] = resolved.map((stage) => ({ ...stage, status: 'waiting', round: 0, decisions: [] }));
  const created = { ...request, id: id ?? ctx.newId('apr'), status: 'pending', stages, currentStage: 0, version: 1, createdAt: at, updatedAt: at } as ApprovalRequest;
  await ctx.store.commit({ writes: [{ type: 'approval', item: created, expectedVersion: null }], audit: auditEntry(principal, 'approval.requested', 'approval', created.id, undefined, created, created.reason) });
  await ctx.workflow.start(created.id);
  return created;
}

/**
 * An employee asks for a role on an account. Refused up front, with no workflow, when the person's training
 * is not current, when they already hold a live grant, or when the same ask is already pending.
 */
export async function requestAccess(ctx: ApprovalContext, principal: Principal, body: unknown): Promise<ApprovalRequest> {
  const input = parseInput(accessRequestInput, body, 'access request');
  const requester = await activePerson(ctx, principal.personId, 'requester');
  const now = ctx.now();
  if (!trainingCurrent(requester, now)) throw new RuleViolationError('your social media training is not current: complete it before asking for access');
  const account = found(await ctx.store.getAccount(input.accountId), `account ${input.accountId}`);
  if (account.status !== 'active') throw new RuleViolationError(`access can be requested only on an active account (this one is ${account.status})`);
  const held = (await ctx.store.grantsOfAccount(account.id)).find((g) => g.personId === requester.id && isLive(g, now));
  if (held) throw new ConflictError(`you already hold grant ${held.id} (${held.role}) on this account`);
  const pending = await pendingRequestsOf(ctx, requester.id);
  const duplicate = pending.find((r) => r.kind === 'access-request' && r.accountId === account.id);
  if (duplicate) throw new ConflictError(`your request ${duplicate.id} for this account is still pending`);
  // An owner who has left decides nothing: their stage goes to its fallback group.
  const owner = await ctx.store.getPerson(account.ownerId);
  const maxDays = ctx.rules.accessGrantDays[account.riskTier];
  const { reason, ...ask } = input;
  return open(
    ctx,
    principal,
    { kind: 'access-request', requesterId: requester.id, reason, riskTier: account.riskTier, accountId: account.id, subject: { ...ask, durationDays: Math.min(ask.durationDays ?? maxDays, maxDays) } },
    { accountOwnerId: owner?.status === 'active' ? owner.id : undefined },
  );
}

/** Anyone on staff may propose a new official account; the governance stages decide whether it exists. */
export async function requestAccount(ctx: ApprovalContext, principal: Principal, body: unknown): Promise<ApprovalRequest> {
  const input = parseInput(accountRequestInput, body, 'account request');
  const requester = await activePerson(ctx, principal.personId, 'requester');
  // Checked now so a proposal naming a departed owner or an unknown policy is refused before anyone reviews it.
  await newAccountRecord(ctx, { ...input.account, status: 'active' }, 'proposal');
  return open(ctx, principal, { kind: 'new-account', requesterId: requester.id, reason: input.reason, riskTier: input.account.riskTier, subject: input.account }, {});
}

/** A successor request may name the departure case that asks; the case must exist (the handover's store answers). */
type SuccessorContext = ApprovalContext & { store: { getDeparture(id: string): Promise<object | undefined> } };

/** HR or the offboarding workflow asks a successor to accept accounts; the request's tier is the riskiest account's. */
export async function requestSuccessorAcceptance(ctx: SuccessorContext, principal: Principal, body: unknown, id?: string): Promise<ApprovalRequest> {
  requireRole(principal, 'admin', 'hr');
  const input = parseInput(successorRequestInput, body, 'successor request');
  if (input.departureCaseId) found(await ctx.store.getDeparture(input.departureCaseId), `departure case ${input.departureCaseId}`);
  await activePerson(ctx, input.successorId, 'successor');
  const accounts = await Promise.all(input.accountIds.map(async (id) => found(await ctx.store.getAccount(id), `account ${id}`)));
  const riskTier = accounts.map((a) => a.riskTier).reduce((worst, tier) => (TIER_ORDER.indexOf(tier) > TIER_ORDER.indexOf(worst) ? tier : worst), 'low' as RiskTier);
  const { reason, ...subject } = input;
  return open(ctx, principal, { kind: 'successor-acceptance', requesterId: principal.personId, reason, riskTier, subject }, { successorId: input.successorId }, id);
}

async function pendingRequestsOf(ctx: ApprovalContext, personId: string): Promise<ApprovalRequest[]> {
  return (await allPages((page) => ctx.store.approvalsRequestedBy(personId, page))).filter((r) => r.status === 'pending');
}

const involves = (request: ApprovalRequest, personId: string) => request.requesterId === personId || request.stages.some((s) => s.approvers.includes(personId) || s.decisions.some((d) => d.approverId === personId));

/**
 * `mine`: what I asked for and what waits for my decision. Without it, the whole list, for the governance
 * team and auditors.
 */
export async function listApprovals(ctx: ApprovalContext, principal: Principal, query: { mine?: boolean; status?: string }, page: { limit: number; next?: string }): Promise<Page<ApprovalRequest> & { awaitingMe?: ApprovalRequest[] }> {
  if (!query.mine) {
    requireRole(principal, 'admin', 'auditor');
    return ctx.store.listApprovals({ status: query.status }, page);
  }
  const requested = await ctx.store.approvalsRequestedBy(principal.personId, page);
  const awaiting = await Promise.all((await ctx.store.approvalsAwaiting(principal.personId)).map((id) => ctx.store.getApproval(id)));
  const filter = (r: ApprovalRequest | undefined): r is ApprovalRequest => r !== undefined && (query.status === undefined || r.status === query.status);
  return { items: requested.items.filter(filter), next: requested.next, awaitingMe: awaiting.filter(filter) };
}

/** A request with its timeline (its audit events). Visible to its requester, its approvers, governance and auditors. */
export async function showApproval(ctx: ApprovalContext, principal: Principal, id: string) {
  const request = found(await ctx.store.getApproval(id), `approval ${id}`);
  if (!hasRole(principal, 'admin', 'auditor') && !involves(request, principal.personId)) throw new ForbiddenError('only the requester, its approvers, the governance team and auditors may read this request');
  const timeline = (await ctx.store.auditOf('approval', id)).map((e) => ({ seq: e.seq, at: e.at, action: e.action, actor: e.actor, reason: e.reason }));
  return { ...request, timeline };
}

/**
 * The requester (or the governance team) withdraws a pending request. The registry is changed first; the
 * waiting workflow is then told, and its next step reads "withdrawn" from the registry whatever it was told.
 */
export async function withdrawApproval(ctx: ApprovalContext, principal: Principal, id: string, body: unknown): Promise<ApprovalRequest> {
  const { reason } = parseInput(withdrawInput, body, 'withdrawal');
  const current = found(await ctx.store.getApproval(id), `approval ${id}`);
  if (current.requesterId !== principal.personId && !hasRole(principal, 'admin')) throw new ForbiddenError('only the requester or the governance team may withdraw a request');
  if (current.status !== 'pending') throw new RuleViolationError(`the request is already ${current.status}`);
  const at = stamp(ctx.now());
  const next: ApprovalRequest = { ...current, status: 'withdrawn', outcome: { status: 'withdrawn', at, by: principal.personId, note: reason }, version: current.version + 1, updatedAt: at };
  await ctx.store.commit({ writes: [{ type: 'approval', item: next, expectedVersion: current.version, previous: current }], audit: auditEntry(principal, 'approval.withdrawn', 'approval', id, { status: current.status }, { status: next.status }, reason) });
  const wait = await ctx.store.parkedWait({ kind: 'approval', id });
  if (wait) await ctx.callbacks.fail(wait.taskToken, 'Withdrawn', 'the requester withdrew the request');
  return next;
}
