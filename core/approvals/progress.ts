import type { ApprovalWrite } from './ports.ts';
import { STEWARD } from '../auth.ts';
import { ConflictError, RuleViolationError } from '../errors.ts';
import { auditEntry, found, isAssignable, isLive, newAccountRecord, stamp, trainingCurrent } from '../registry/index.ts';
import type { Account, Grant } from '../registry/model.ts';

import { earlierDeciders, type ApprovalRequest, type RequestOutcome, type StageState } from './model.ts';
import { sendOutcome, sendStageLinks } from './notifications.ts';
import type { ApprovalContext } from './ports.ts';

/**
 * The approval workflow's steps. The registry holds the truth about a request; each step reads it, makes the
 * one transition that is due, and tells the state machine what to do next. So a step that runs twice, a
 * callback that was lost, or a timer that fired together with a decision all end in the same place.
 */
export type NextStep = { next: 'await'; requestId: string; stage: number; waitSeconds: number } | { next: 'finish'; requestId: string };

const HOUR_MS = 3600_000;
/** A step that keeps losing races against decisions is retried by the state machine; this bounds one run. */
const MAX_TRANSITIONS = 50;

async function save(ctx: ApprovalContext, current: ApprovalRequest, next: ApprovalRequest, action: string, reason?: string, extra: ApprovalWrite[] = []) {
  const stamped = { ...next, version: current.version + 1, updatedAt: stamp(ctx.now()) } as ApprovalRequest;
  await ctx.store.commit({
    writes: [...extra, { type: 'approval', item: stamped, expectedVersion: current.version, previous: current }],
    audit: auditEntry(STEWARD, action, 'approval', current.id, summary(current), summary(stamped), reason),
  });
  return stamped;
}

/** What an audit event about a request records: its state, not its whole text again. */
const summary = (r: ApprovalRequest) => ({
  status: r.status,
  currentStage: r.currentStage,
  stages: r.stages.map((s) => ({ name: s.name, status: s.status, round: s.round, approvers: s.approvers, decisions: s.decisions.map((d) => ({ approverId: d.approverId, decision: d.decision })) })),
  ...(r.outcome ? { outcome: r.outcome } : {}),
});

const withStage = (request: ApprovalRequest, stage: StageState): ApprovalRequest => ({ ...request, stages: request.stages.map((s) => (s.index === stage.index ? stage : s)) });

const end = (request: ApprovalRequest, status: RequestOutcome['status'], at: Date, by: string, note?: string): ApprovalRequest => ({ ...request, status, outcome: { status, at: stamp(at), by, ...(note ? { note } : {}) } });

const iso = (ms: number) => new Date(ms).toISOString();

/** Starts a stage: its approvers minus anyone who decided an earlier stage, or its fallback group if none is left. */
function startStage(request: ApprovalRequest, stage: StageState, now: Date): StageState {
  const excluded = earlierDeciders(request, stage.index);
  let approvers = stage.approvers.filter((id) => !excluded.has(id));
  if (approvers.length === 0) approvers = stage.fallbackApprovers.filter((id) => !excluded.has(id));
  const deadline = now.getTime() + stage.deadlineHours * HOUR_MS;
  if (approvers.length === 0) return { ...stage, approvers, status: 'expired', startedAt: now.toISOString(), closedAt: now.toISOString() };
  return { ...stage, approvers, status: 'pending', startedAt: now.toISOString(), deadlineAt: iso(deadline), remindAt: iso(deadline - stage.reminderBeforeHours * HOUR_MS) };
}

/** At the deadline: hand the stage to its fallback group once (any one of them decides), else let it expire. */
function escalateOrExpire(request: ApprovalRequest, stage: StageState, now: Date): StageState {
  const decided = new Set(stage.decisions.map((d) => d.approverId));
  const excluded = earlierDeciders(request, stage.index);
  const fallback = stage.fallbackApprovers.filter((id) => !excluded.has(id) && !decided.has(id));
  const widens = fallback.some((id) => !stage.approvers.includes(id));
  if (stage.round > 0 || !widens) return { ...stage, status: 'expired', closedAt: now.toISOString() };
  const deadline = now.getTime() + stage.deadlineHours * HOUR_MS;
  return {
    ...stage,
    approvers: fallback,
    mode: 'any',
    round: stage.round + 1,
    escalatedAt: now.toISOString(),
    deadlineAt: iso(deadline),
    remindAt: iso(deadline - stage.reminderBeforeHours * HOUR_MS),
    remindedAt: undefined,
  };
}

/**
 * Moves a request as far as it can go now: starts stages, sends links, reminds, escalates, expires, and ends
 * the request when a stage is rejected or the last one approved. Returns how long the workflow should wait
 * (until the next reminder or deadline) or that it should finish.
 */
export async function advance(ctx: ApprovalContext, requestId: string): Promise<NextStep> {
  for (let transitions = 0; transitions < MAX_TRANSITIONS; transitions++) {
    const request = found(await ctx.store.getApproval(requestId), `approval ${requestId}`);
    try {
      const step = await transition(ctx, request);
      if (step) return step;
    } catch (error) {
      // A decision or a withdrawal landed between our read and our write: read again and carry on.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new Error(`approval ${requestId}: too many concurrent changes; the state machine retries this step`);
}

/** The stage's approvers and fallback group without anyone who left or is leaving: nobody leaving is asked. */
async function onlyAssignable(ctx: ApprovalContext, stage: StageState): Promise<StageState> {
  const ids = [...new Set([...stage.approvers, ...stage.fallbackApprovers])];
  const staying = new Set((await Promise.all(ids.map(async (id) => (isAssignable(await ctx.store.getPerson(id)) ? id : undefined)))).filter((id) => id !== undefined));
  const decided = new Set(stage.decisions.map((d) => d.approverId));
  return { ...stage, approvers: stage.approvers.filter((id) => staying.has(id) || decided.has(id)), fallbackApprovers: stage.fallbackApprovers.filter((id) => staying.has(id)) };
}

async function transition(ctx: ApprovalContext, request: ApprovalRequest): Promise<NextStep | undefined> {
  if (request.status !== 'pending') return { next: 'finish', requestId: request.id };
  const now = ctx.now();
  const stage = request.stages[request.currentStage]!;
  switch (stage.status) {
    case 'waiting': {
      const started = startStage(request, await onlyAssignable(ctx, stage), now);
      await save(ctx, request, withStage(request, started), 'approval.stage-started', started.status === 'expired' ? 'nobody is left who may decide this stage (separation of duties)' : undefined);
      return undefined;
    }
    case 'approved':
      if (request.currentStage + 1 < request.stages.length) await save(ctx, request, { ...request, currentStage: request.currentStage + 1 }, 'approval.stage-approved');
      else await save(ctx, request, end(request, 'approved', now, lastDecider(stage)), 'approval.approved');
      return undefined;
    case 'rejected': {
      const rejection = stage.decisions.find((d) => d.decision === 'reject')!;
      await save(ctx, request, end(request, 'rejected', now, rejection.approverId, rejection.comment), 'approval.rejected', rejection.comment);
      return undefined;
    }
    case 'expired':
      await save(ctx, request, end(request, 'expired', now, 'steward', `Nobody decided the stage “${stage.name}” in time.`), 'approval.expired');
      return undefined;
    case 'pending':
      break;
  }
  if (stage.notifiedRound !== stage.round) {
    const awaiting = stage.approvers.filter((id) => !stage.decisions.some((d) => d.approverId === id));
    await sendStageLinks(ctx, request, stage, awaiting, stage.round === 0 ? 'invitation' : 'escalation');
    await save(ctx, request, withStage(request, { ...stage, notifiedRound: stage.round }), 'approval.approvers-notified', `links sent to ${awaiting.join(', ')}`);
    return undefined;
  }
  const nowMs = now.getTime();
  if (nowMs >= Date.parse(stage.deadlineAt!)) {
    const next = escalateOrExpire(request, await onlyAssignable(ctx, stage), now);
    await save(ctx, request, withStage(request, next), next.status === 'expired' ? 'approval.stage-expired' : 'approval.escalated');
    return undefined;
  }
  if (!stage.remindedAt && nowMs >= Date.parse(stage.remindAt!)) {
    const awaiting = stage.approvers.filter((id) => !stage.decisions.some((d) => d.approverId === id));
    await sendStageLinks(ctx, request, stage, awaiting, 'reminder');
    await save(ctx, request, withStage(request, { ...stage, remindedAt: now.toISOString() }), 'approval.reminded', `reminder sent to ${awaiting.join(', ')}`);
    return undefined;
  }
  const wakeAt = Date.parse(stage.remindedAt ? stage.deadlineAt! : stage.remindAt!);
  return { next: 'await', requestId: request.id, stage: stage.index, waitSeconds: Math.max(1, Math.ceil((wakeAt - nowMs) / 1000)) };
}

const lastDecider = (stage: StageState) => stage.decisions.at(-1)?.approverId ?? 'steward';

/**
 * Someone who is leaving is taken off the stage that waits for them (and off its fallback group). When nobody
 * undecided is left on the stage, it goes to its fallback group now instead of at its deadline (or expires
 * when there is none), and the workflow is woken to send the new links.
 */
export async function excuseApprover(ctx: ApprovalContext, requestId: string, personId: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_TRANSITIONS; attempt++) {
    const request = await ctx.store.getApproval(requestId);
    const stage = request?.stages[request.currentStage];
    if (!request || !stage || request.status !== 'pending' || stage.status !== 'pending' || !stage.approvers.includes(personId)) return;
    if (stage.decisions.some((d) => d.approverId === personId)) return;
    const without: StageState = { ...stage, approvers: stage.approvers.filter((id) => id !== personId), fallbackApprovers: stage.fallbackApprovers.filter((id) => id !== personId) };
    const undecided = without.approvers.filter((id) => !stage.decisions.some((d) => d.approverId === id));
    const next = undecided.length > 0 ? without : escalateOrExpire(request, await onlyAssignable(ctx, without), ctx.now());
    try {
      await save(ctx, request, withStage(request, next), 'approval.approver-excused', `${personId} is leaving${next.round !== stage.round ? '; escalated' : next.status === 'expired' ? '; nobody else may decide' : ''}`);
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    if (next !== without) {
      const wait = await ctx.store.parkedWait({ kind: 'approval', id: requestId });
      if (wait) await ctx.callbacks.succeed(wait.taskToken, { requestId, changed: true });
    }
    return;
  }
}

/**
 * Parks the workflow's task token for the stage, then checks whether the stage has already been decided (a
 * decision may land between the timer firing and the park). If so the step answers its own token; otherwise
 * a decision will answer it. Writing the token before reading the stage means one of the two always answers.
 */
export async function parkStageWait(ctx: ApprovalContext, input: { requestId: string; stage: number; taskToken: string }): Promise<'waiting' | 'answered'> {
  await ctx.store.parkWait({ owner: { kind: 'approval', id: input.requestId }, stage: input.stage, taskToken: input.taskToken, parkedAt: stamp(ctx.now()) });
  const request = found(await ctx.store.getApproval(input.requestId), `approval ${input.requestId}`);
  const stage = request.stages[input.stage];
  // A stage escalated while the workflow was between steps (an approver left) has links to send first.
  if (request.status === 'pending' && request.currentStage === input.stage && stage?.status === 'pending' && stage.notifiedRound === stage.round) return 'waiting';
  await ctx.callbacks.succeed(input.taskToken, { requestId: request.id, changed: true });
  return 'answered';
}

/**
 * Applies an approved request (grant or account, in the same transaction as its audit event) and emails the
 * requester the outcome. Each part is marked done in the registry, so running it again changes nothing.
 */
export async function finish(ctx: ApprovalContext, requestId: string): Promise<{ requestId: string; status: ApprovalRequest['status']; outcome?: RequestOutcome }> {
  let request = found(await ctx.store.getApproval(requestId), `approval ${requestId}`);
  if (request.status === 'pending') throw new RuleViolationError(`approval ${requestId} is still pending`);
  if (request.status === 'approved' && !request.outcome?.appliedAt) request = await apply(ctx, request);
  if (!request.outcome?.requesterNotifiedAt) {
    await sendOutcome(ctx, request);
    request = await save(ctx, request, { ...request, outcome: { ...request.outcome!, requesterNotifiedAt: stamp(ctx.now()) } }, 'approval.requester-notified');
  }
  // Whatever asked for the request hears its end (a successor's answer moves the departure case that asked).
  await ctx.outcomes.settled(request);
  return { requestId, status: request.status, outcome: request.outcome };
}

async function apply(ctx: ApprovalContext, request: ApprovalRequest): Promise<ApprovalRequest> {
  const at = stamp(ctx.now());
  const outcome = request.outcome!;
  const approvedBy = { personId: outcome.by, roles: [] };
  /** The new entity, its audit event and the request's "applied" mark, in one transaction. */
  const create = async (created: { type: 'grant'; item: Grant } | { type: 'account'; item: Account }, link: Partial<RequestOutcome>) => {
    const next = { ...request, outcome: { ...outcome, ...link, appliedAt: at }, version: request.version + 1, updatedAt: at } as ApprovalRequest;
    await ctx.store.commit({
      writes: [
        { ...created, expectedVersion: null },
        { type: 'approval', item: next, expectedVersion: request.version, previous: request },
      ],
      audit: auditEntry(approvedBy, `${created.type}.created`, created.type, created.item.id, undefined, created.item, `approved in ${request.id}`),
    });
    return next;
  };
  try {
    switch (request.kind) {
      case 'access-request': {
        const grant = await approvedGrant(ctx, request, outcome.by);
        return await create({ type: 'grant', item: grant }, { grantId: grant.id });
      }
      case 'new-account': {
        const account = await newAccountRecord(ctx, { ...request.subject, status: 'active' }, `acc-${request.id.slice(4)}`);
        return await create({ type: 'account', item: account }, { accountId: account.id });
      }
      case 'successor-acceptance':
        // The acceptance is the effect: the offboarding workflow reads it and hands the accounts over.
        return await save(ctx, request, { ...request, outcome: { ...outcome, appliedAt: at } }, 'approval.applied');
    }
  } catch (error) {
    if (!(error instanceof RuleViolationError) && !(error instanceof ConflictError)) throw error;
    // Approved, but the registry changed meanwhile (the person left, someone granted access by hand...): say so.
    const current = found(await ctx.store.getApproval(request.id), `approval ${request.id}`);
    if (current.outcome?.appliedAt) return current;
    return save(ctx, current, { ...current, outcome: { ...current.outcome!, appliedAt: at, note: `Approved, but not applied: ${error.message}` } }, 'approval.not-applied', error.message);
  }
}

/** The grant an approved access request becomes, checked against the registry as it is now. */
async function approvedGrant(ctx: ApprovalContext, request: Extract<ApprovalRequest, { kind: 'access-request' }>, approvedBy: string): Promise<Grant> {
  const now = ctx.now();
  const account = found(await ctx.store.getAccount(request.accountId), `account ${request.accountId}`);
  if (account.status !== 'active') throw new RuleViolationError(`the account is ${account.status}`);
  const person = await ctx.store.getPerson(request.requesterId);
  if (!person || person.status !== 'active') throw new RuleViolationError('the requester has left');
  if (!trainingCurrent(person, now)) throw new RuleViolationError("the requester's training expired meanwhile");
  const held = (await ctx.store.grantsOfAccount(account.id)).find((g) => g.personId === person.id && isLive(g, now));
  if (held) throw new RuleViolationError(`the requester already holds grant ${held.id}`);
  const at = stamp(now);
  return {
    id: `gr-${request.id.slice(4)}`,
    accountId: account.id,
    personId: person.id,
    role: request.subject.role,
    credentialAccess: request.subject.credentialAccess,
    grantedBy: approvedBy,
    reason: request.reason,
    approvalId: request.id,
    expiresAt: new Date(now.getTime() + request.subject.durationDays * 24 * HOUR_MS).toISOString(),
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
