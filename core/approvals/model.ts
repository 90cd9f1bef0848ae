import * as z from 'zod';
import { accountInput, entityId, grantRoles, type Versioned } from '../registry/model.ts';
import { text } from '../validation.ts';
import type { ResolvedStage } from './rules.ts';
import type { RiskTier } from '../registry/model.ts';

/**
 * Free text a person types into a request or a decision: shown on pages and in emails (escaped there), and
 * refused when it hides control or direction-override characters. Line breaks from a browser's textarea
 * (CR LF) are kept as plain line feeds.
 */
const note = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n?/g, '\n'))
    .pipe(text(max));

/** An employee's request for access to an account: the role, whether they need the shared login, and why. */
export const accessRequestInput = z.strictObject({
  accountId: entityId,
  role: z.enum(grantRoles),
  credentialAccess: z.boolean().default(false),
  reason: note(1000),
  /** How long the grant should last; the rules cap it per risk tier. */
  durationDays: z.number().int().min(1).max(366).optional(),
});

/** A new official account: the registry entry it will become once approved (it is created active). */
export const accountRequestInput = z.strictObject({
  account: accountInput.omit({ status: true }),
  reason: note(1000),
});

/** Asks a successor to accept the accounts a leaver hands over (started by the offboarding workflow or HR). */
export const successorRequestInput = z.strictObject({
  successorId: entityId,
  accountIds: z.array(entityId).min(1).max(500),
  departingPersonId: entityId.optional(),
  /** The offboarding case that asks; its per-account results follow the outcome. */
  departureCaseId: entityId.optional(),
  reason: note(1000),
});

/** Why the requester withdraws a pending request. */
export const withdrawInput = z.strictObject({ reason: note(500) });

/** A decision from the console: the link form's fields without its CSRF value (the bearer token authenticates). */
export const approverDecisionInput = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: note(1000).optional(),
});

/** A decision from an emailed link's page: the console's fields plus the page's CSRF value. */
export const decisionInput = z.object({ ...approverDecisionInput.shape, csrf: z.string().min(16).max(128) });

/** What an access request asks for, as its approvers see it. */
export type AccessSubject = Omit<z.output<typeof accessRequestInput>, 'reason'>;
/** The registry entry a new-account request proposes. */
export type AccountSubject = z.output<typeof accountRequestInput>['account'];
/** Who is asked to take over which accounts, and for which departure. */
export type SuccessorSubject = Omit<z.output<typeof successorRequestInput>, 'reason'>;

/**
 * Where a request stands: pending until a stage rejects, every stage approves, a deadline passes, or the
 * requester withdraws it.
 */
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn';
/** Where a stage stands: waiting until the request reaches it, pending while its approvers decide, then closed. */
export type StageStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'expired';

/** One approver's decision in a stage, recorded once. */
export interface Decision {
  approverId: string;
  decision: 'approve' | 'reject';
  comment?: string;
  at: string;
}

/** A stage as it runs: its resolved approvers (replaced by the fallback group on escalation) and its clock. */
export interface StageState extends ResolvedStage {
  status: StageStatus;
  /** 0 for the first approvers, 1 once escalated to the fallback group; links carry it. */
  round: number;
  decisions: Decision[];
  startedAt?: string;
  remindAt?: string;
  deadlineAt?: string;
  /** The round whose approvers have been emailed their links. */
  notifiedRound?: number;
  remindedAt?: string;
  escalatedAt?: string;
  closedAt?: string;
}

/** How a request ended, and how far its effects (the grant or account, the requester's email) have gone. */
export interface RequestOutcome {
  status: Exclude<RequestStatus, 'pending'>;
  at: string;
  /** Who ended it: the deciding approver, the withdrawer, or `steward` for a deadline. */
  by: string;
  note?: string;
  grantId?: string;
  accountId?: string;
  /** Set once the effect of an approval (grant, account) is in the registry. */
  appliedAt?: string;
  /** Set once the requester has been emailed the outcome. */
  requesterNotifiedAt?: string;
}

interface RequestBase extends Versioned {
  id: string;
  status: RequestStatus;
  requesterId: string;
  reason: string;
  riskTier: RiskTier;
  stages: StageState[];
  currentStage: number;
  outcome?: RequestOutcome;
}

/** A request going through approval: its kind and subject, its stages as they run, and its outcome. */
export type ApprovalRequest = RequestBase &
  (
    | { kind: 'access-request'; accountId: string; subject: AccessSubject & { durationDays: number } }
    | { kind: 'new-account'; accountId?: undefined; subject: AccountSubject }
    | { kind: 'successor-acceptance'; accountId?: undefined; subject: SuccessorSubject }
  );


/** Approvers of the current stage who have not decided yet: whose links still work, whose inbox it sits in. */
export function awaitingApprovers(request: ApprovalRequest): string[] {
  if (request.status !== 'pending') return [];
  const stage = request.stages[request.currentStage];
  if (!stage || stage.status !== 'pending') return [];
  const decided = new Set(stage.decisions.map((d) => d.approverId));
  return stage.approvers.filter((id) => !decided.has(id));
}

/** Everyone who decided an earlier stage: separation of duties keeps them out of later ones. */
export function earlierDeciders(request: ApprovalRequest, stageIndex: number): Set<string> {
  return new Set(request.stages.slice(0, stageIndex).flatMap((s) => s.decisions.map((d) => d.approverId)));
}
