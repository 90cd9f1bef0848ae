import type { Account, Person } from '../registry/model.ts';
import { composeEmail, signLink } from '../messaging/index.ts';
import type { ApprovalRequest, StageState } from './model.ts';
import type { ApprovalContext } from './ports.ts';
import { personLabel, requestFacts, requestTitle, type Directory } from './presentation.ts';

/** Looks up every person and account a request names, so a page or a batch of emails reads each once. */
export async function directoryFor(ctx: ApprovalContext, request: ApprovalRequest): Promise<Directory> {
  const personIds = new Set<string>([request.requesterId, ...request.stages.flatMap((s) => [...s.approvers, ...s.decisions.map((d) => d.approverId)])]);
  const accountIds = new Set<string>();
  if (request.kind === 'access-request') accountIds.add(request.accountId);
  if (request.kind === 'new-account') personIds.add(request.subject.ownerId);
  if (request.kind === 'successor-acceptance') {
    personIds.add(request.subject.successorId);
    if (request.subject.departingPersonId) personIds.add(request.subject.departingPersonId);
    request.subject.accountIds.forEach((id) => accountIds.add(id));
  }
  const people = new Map<string, Person>();
  const accounts = new Map<string, Account>();
  await Promise.all([
    ...[...personIds].map(async (id) => {
      const person = await ctx.store.getPerson(id);
      if (person) people.set(id, person);
    }),
    ...[...accountIds].map(async (id) => {
      const account = await ctx.store.getAccount(id);
      if (account) accounts.set(id, account);
    }),
  ]);
  return { person: (id) => people.get(id), account: (id) => accounts.get(id) };
}

const linkUrl = (ctx: ApprovalContext, token: string) => `${ctx.publicUrl}/decide/${token}`;

/**
 * Emails each named approver of the stage their own link (bound to them, the stage and its round, valid
 * until the stage's deadline). `reminder` changes only the wording.
 */
export async function sendStageLinks(ctx: ApprovalContext, request: ApprovalRequest, stage: StageState, approverIds: string[], kind: 'invitation' | 'reminder' | 'escalation') {
  const directory = await directoryFor(ctx, request);
  const expiresAt = Math.floor(Date.parse(stage.deadlineAt!) / 1000);
  const facts = requestFacts(request, directory);
  const lead = {
    invitation: `You are asked to decide the stage “${stage.name}” of ${requestTitle(request)}.`,
    reminder: `Reminder: ${requestTitle(request)} still waits for your decision on the stage “${stage.name}”.`,
    escalation: `${requestTitle(request)} was not decided in time and has been escalated to you for the stage “${stage.name}”.`,
  }[kind];
  for (const approverId of approverIds) {
    const person = directory.person(approverId);
    if (!person) continue;
    const token = await signLink(ctx.links, { requestId: request.id, stage: stage.index, round: stage.round, approverId, expiresAt });
    const subject = `${kind === 'reminder' ? 'Reminder: ' : ''}Approval needed: ${requestTitle(request)}`;
    await ctx.mailer.send(
      composeEmail(person.email, subject, [lead, `The link below opens a page showing the request; nothing is decided until you press Approve or Reject there. It works until ${stage.deadlineAt}.`], facts, { label: 'Review the request', url: linkUrl(ctx, token) }),
    );
  }
}

/** Tells the approvers who did not decide an "any" stage that someone else did, and that their links are spent. */
export async function sendStageClosed(ctx: ApprovalContext, request: ApprovalRequest, stage: StageState, deciderId: string) {
  const directory = await directoryFor(ctx, request);
  const decision = stage.decisions.find((d) => d.approverId === deciderId)!;
  for (const approverId of stage.approvers.filter((id) => id !== deciderId && !stage.decisions.some((d) => d.approverId === id))) {
    const person = directory.person(approverId);
    if (!person) continue;
    await ctx.mailer.send(
      composeEmail(person.email, `Decided: ${requestTitle(request)}`, [
        `${personLabel(directory, deciderId)} ${decision.decision === 'approve' ? 'approved' : 'rejected'} the stage “${stage.name}” of ${requestTitle(request)} at ${decision.at}.`,
        'Nothing more is needed from you; the link you were sent no longer works.',
      ]),
    );
  }
}

const OUTCOME_SENTENCES: Record<Exclude<ApprovalRequest['status'], 'pending'>, string> = {
  approved: 'was approved',
  rejected: 'was rejected',
  expired: 'expired without a decision',
  withdrawn: 'was withdrawn',
};

/**
 * Emails the requester how their request ended (once the request is no longer pending), with the grant or
 * account it made.
 */
export async function sendOutcome(ctx: ApprovalContext, request: ApprovalRequest) {
  const directory = await directoryFor(ctx, request);
  const requester = directory.person(request.requesterId);
  if (!requester || request.status === 'pending') return;
  const outcome = request.outcome!;
  const lines = [`Your ${requestTitle(request)} ${OUTCOME_SENTENCES[request.status]}${outcome.by !== 'steward' && outcome.by !== request.requesterId ? ` by ${personLabel(directory, outcome.by)}` : ''} at ${outcome.at}.`];
  if (outcome.note) lines.push(outcome.note);
  if (outcome.grantId) lines.push(`Your access is grant ${outcome.grantId}.`);
  if (outcome.accountId) lines.push(`The account is in the registry as ${outcome.accountId}.`);
  await ctx.mailer.send(composeEmail(requester.email, `${requestTitle(request)}: ${request.status}`, lines, requestFacts(request, directory)));
}
