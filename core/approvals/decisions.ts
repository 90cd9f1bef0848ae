import type { Principal } from '../auth.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.ts';
import { auditEntry, found, isOnStaff, stamp } from '../registry/index.ts';
import { parseInput } from '../validation.ts';
import { verifyLink, type LinkClaims, type LinkPage, type PageContent } from '../messaging/index.ts';
import type * as z from 'zod';
import { approverDecisionInput, decisionInput, type ApprovalRequest, type Decision, type StageState } from './model.ts';
import { directoryFor, sendStageClosed } from './notifications.ts';
import type { ApprovalContext } from './ports.ts';
import { decisionForm, decisionLines, personLabel, requestFacts, requestTitle, type Directory } from './presentation.ts';

/*
 * What an approval link leads to. GET (and HEAD, and any scanner) only ever reads: `viewLink` changes
 * nothing. `decide` is the one operation that records a decision, exactly once, by a conditional write on the
 * request's version; whoever loses that race is shown what was decided instead.
 */
type Assessment = { open: false; page: LinkPage; request?: ApprovalRequest } | { open: true; request: ApprovalRequest; stage: StageState; claims: Claims; directory: Directory };

const page = (status: number, title: string, ...lead: string[]): LinkPage => ({ status, content: { title, lead } });

const INVALID = page(400, 'This link is not valid', 'The link is damaged, was not issued by Steward, or is not meant for this request. Nothing was changed. Use the link from your email exactly as it came, or ask the governance team.');

/** Who decides what: from a signed link, or from the console's signed-in approver (its current stage and round). */
type Claims = Pick<LinkClaims, 'requestId' | 'stage' | 'round' | 'approverId'>;
type ClaimsSource = () => Promise<{ ok: true; claims: Claims } | { ok: false; page: LinkPage }>;

const fromLink = (ctx: ApprovalContext, token: string): ClaimsSource => async () => {
  const verdict = await verifyLink(ctx.links, token, ctx.now());
  if (verdict.ok) return verdict;
  return { ok: false, page: verdict.reason === 'expired' ? page(410, 'This link has expired', 'Its stage reached its deadline. Nothing was changed; the request has moved on (escalated or expired), and whoever decides it now has been emailed.') : INVALID };
};

const NOT_YOURS = page(403, 'This is not yours to decide', 'You are not an approver of the stage this request waits at. Nothing was changed.');

/** The console's approver decides the stage the request waits at now, in its current round. */
const fromApprover = (ctx: ApprovalContext, principal: Principal, requestId: string): ClaimsSource => async () => {
  const request = found(await ctx.store.getApproval(requestId), `approval ${requestId}`);
  const stage = request.stages[request.currentStage];
  if (!stage || !(stage.approvers.includes(principal.personId) || stage.decisions.some((d) => d.approverId === principal.personId))) return { ok: false, page: NOT_YOURS };
  return { ok: true, claims: { requestId, stage: stage.index, round: stage.round, approverId: principal.personId } };
};

async function assess(ctx: ApprovalContext, source: ClaimsSource): Promise<Assessment> {
  const verdict = await source();
  if (!verdict.ok) return { open: false, page: verdict.page };
  const { claims } = verdict;
  const request = await ctx.store.getApproval(claims.requestId);
  const stage = request?.stages[claims.stage];
  if (!request || !stage) return { open: false, page: INVALID };
  const directory = await directoryFor(ctx, request);
  const own = stage.decisions.find((d) => d.approverId === claims.approverId);
  // Checked first: a leaver is taken off the stages waiting for them, and their links say why they stopped.
  if (!own && !isOnStaff(directory.person(claims.approverId) ?? (await ctx.store.getPerson(claims.approverId)), ctx.now())) {
    return { open: false, request, page: { status: 403, content: { title: 'You can no longer decide this', lead: ['Only people still on staff decide for the company. Nothing was changed; the request has gone to someone else.'] } } };
  }
  if (!(stage.approvers.includes(claims.approverId) || own || stage.round !== claims.round)) return { open: false, page: INVALID };
  const closed = (status: number, title: string, ...lead: string[]): Assessment => ({
    open: false,
    request,
    page: { status, content: { title, lead, facts: requestFacts(request, directory), decisions: decisionLines(request, directory) } },
  });
  if (own) return closed(409, 'You have already decided', `You ${own.decision === 'approve' ? 'approved' : 'rejected'} the stage “${stage.name}” at ${own.at}. A decision is recorded once and cannot be changed here.`);
  if (request.status === 'withdrawn') return closed(410, 'This request was withdrawn', `${personLabel(directory, request.outcome!.by)} withdrew it at ${request.outcome!.at}. Nothing is needed from you.`);
  if (stage.round !== claims.round) return closed(410, 'This link was replaced', `The stage “${stage.name}” was escalated at ${stage.escalatedAt ?? 'its deadline'}, and its approvers were sent new links. Nothing was changed.`);
  if (stage.status === 'approved' || stage.status === 'rejected') {
    const by = stage.decisions.at(-1)!;
    return closed(409, 'Already decided', `${personLabel(directory, by.approverId)} ${stage.status} the stage “${stage.name}” at ${by.at}. Nothing more is needed from you; this link no longer works.`);
  }
  if (stage.status === 'expired' || request.status !== 'pending') return closed(410, 'This request is closed', `The request is ${request.status}${request.outcome ? ` since ${request.outcome.at}` : ''}. Nothing was changed.`);
  // The workflow opens a stage moments after the request is made; a console decision can arrive first.
  if (stage.status === 'waiting') return closed(409, 'This stage has not opened yet', `The stage “${stage.name}” opens once the request reaches it, and its approvers are emailed then. Nothing was changed; decide again in a moment.`);
  if (stage.status !== 'pending' || request.currentStage !== claims.stage) return { open: false, page: INVALID };
  return { open: true, request, stage, claims, directory };
}

/** The confirmation page: what is asked, by whom, for which account, at what risk, and what was decided so far. */
export async function viewLink(ctx: ApprovalContext, token: string, csrf: string): Promise<LinkPage> {
  const assessment = await assess(ctx, fromLink(ctx, token));
  if (!assessment.open) return { ...assessment.page, status: assessment.page.status === 409 ? 200 : assessment.page.status };
  const { request, stage, claims, directory } = assessment;
  return {
    status: 200,
    content: {
      title: requestTitle(request),
      lead: [`Stage ${stage.index + 1} of ${request.stages.length}: ${stage.name} (${stage.mode === 'all' ? 'every approver must approve' : 'one approver decides'}). Decide by ${stage.deadlineAt}.`],
      facts: requestFacts(request, directory),
      decisions: decisionLines(request, directory),
      form: decisionForm(csrf, personLabel(directory, claims.approverId), stage.name),
    },
  };
}

const MAX_ATTEMPTS = 10;

/** Records the approver's decision from their link, completes the stage's task when the stage is decided, and says what happened. */
export async function decide(ctx: ApprovalContext, token: string, form: unknown): Promise<LinkPage> {
  return (await record(ctx, fromLink(ctx, token), parseInput(decisionInput, form, 'decision'))).page;
}

/**
 * The same decision from the console: the signed-in approver decides the stage the request waits at, under
 * the link's rules (once per approver, on the request's version, not after a deadline, an escalation or a
 * withdrawal). Refusals are the API's errors, each saying why and that nothing changed.
 */
export async function decideAsApprover(ctx: ApprovalContext, principal: Principal, requestId: string, body: unknown): Promise<{ request: ApprovalRequest; message: string }> {
  const { page: outcome, request } = await record(ctx, fromApprover(ctx, principal, requestId), parseInput(approverDecisionInput, body, 'decision'));
  const message = [outcome.content.title, ...outcome.content.lead].join('. ').replace(/\.\./g, '.');
  if (outcome.status === 200 && request) return { request, message };
  if (outcome.status === 403) throw new ForbiddenError(message);
  if (outcome.status === 400) throw new ValidationError(message);
  throw new ConflictError(message);
}

async function record(ctx: ApprovalContext, source: ClaimsSource, { decision, comment }: z.output<typeof approverDecisionInput>): Promise<{ page: LinkPage; request?: ApprovalRequest }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const assessment = await assess(ctx, source);
    if (!assessment.open) return { page: assessment.page };
    const { request, stage, claims } = assessment;
    const at = stamp(ctx.now());
    const recorded: Decision = { approverId: claims.approverId, decision, ...(comment ? { comment } : {}), at };
    const decisions = [...stage.decisions, recorded];
    const allApproved = stage.approvers.every((id) => decisions.some((d) => d.approverId === id && d.decision === 'approve'));
    const status = decision === 'reject' ? 'rejected' : stage.mode === 'any' || allApproved ? 'approved' : 'pending';
    const nextStage: StageState = { ...stage, decisions, status, ...(status !== 'pending' ? { closedAt: at } : {}) };
    const next = { ...request, stages: request.stages.map((s) => (s.index === stage.index ? nextStage : s)), version: request.version + 1, updatedAt: at } as ApprovalRequest;
    try {
      await ctx.store.commit({
        writes: [{ type: 'approval', item: next, expectedVersion: request.version, previous: request }],
        audit: auditEntry({ personId: claims.approverId, roles: [] }, decision === 'approve' ? 'approval.approved-by' : 'approval.rejected-by', 'approval', request.id, { stage: stage.name, status: stage.status }, { stage: stage.name, status, decision }, comment),
      });
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    if (status !== 'pending') await completeStage(ctx, next, nextStage, claims.approverId);
    const verb = decision === 'approve' ? 'approved' : 'rejected';
    const directory = await directoryFor(ctx, next);
    const lead = [`You ${verb} the stage “${stage.name}” at ${at}.`, status === 'pending' ? 'The stage still needs the other approvers.' : 'Your decision is recorded and the request moves on. You can close this page.'];
    return { request: next, page: { status: 200, content: { title: `Decision recorded: ${verb}`, lead, facts: requestFacts(next, directory), decisions: decisionLines(next, directory) } } };
  }
  return { page: page(409, 'Too many decisions at once', 'Others were deciding this request at the same moment. Nothing was recorded for you; open your link again to see where it stands.') };
}

/**
 * The decision is in the registry; now wake the workflow. If its token is not parked yet (or was replaced by
 * a timer), the workflow's own park step sees the decided stage and wakes itself.
 */
async function completeStage(ctx: ApprovalContext, request: ApprovalRequest, stage: StageState, deciderId: string) {
  const wait = await ctx.store.parkedWait({ kind: 'approval', id: request.id });
  if (wait && wait.stage === stage.index) {
    if (stage.status === 'approved') await ctx.callbacks.succeed(wait.taskToken, { requestId: request.id, stage: stage.index, decision: 'approved' });
    else await ctx.callbacks.fail(wait.taskToken, 'Rejected', `stage ${stage.index} rejected`);
  }
  await sendStageClosed(ctx, request, stage, deciderId);
}
