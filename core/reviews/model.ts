import * as z from 'zod';
import { type RiskTier, type Versioned } from '../registry/model.ts';
import { text } from '../validation.ts';
import { brandCheckLabels, brandChecks, findingCodes, type FindingCode } from './vocabulary.ts';

/**
 * Reviews: the work the review cadence asks of people. Each has one assignee (who answers it through an
 * email link), a deadline, a reminder and an escalation. Its id is derived from what it reviews and the
 * cycle it belongs to, so however often a sweep runs (schedules fire at least once), a cycle has one review.
 */
export const reviewKinds = ['policy', 'recertification', 'brand-audit', 'credential-age'] as const;
/** A kind of scheduled review. */
export type ReviewKind = (typeof reviewKinds)[number];

export { brandCheckLabels, brandChecks };

/** One grant in a recertification, with the reviewer's decision on it once given. */
export interface GrantUnderReview {
  grantId: string;
  personId: string;
  role: string;
  credentialAccess: boolean;
  expiresAt?: string;
  decision?: 'keep' | 'revoke';
}

/** A comment on a policy review, by one of its reviewers. */
export interface ReviewComment {
  by: string;
  at: string;
  text: string;
}

/**
 * A scheduled review of an account or a policy: whom it is assigned and escalated to, its deadline, what it
 * found, and how it ended.
 */
export interface Review extends Versioned {
  id: string;
  kind: ReviewKind;
  subjectType: 'account' | 'policy';
  subjectId: string;
  /** When the subject was last reviewed (or created): the cycle this review closes. */
  cycle: string;
  assigneeId: string;
  /** People asked for comments (a policy's reviewers). */
  reviewerIds: string[];
  status: 'open' | 'completed';
  openedAt: string;
  dueAt: string;
  /** When the follow-up sweep next looks at it (reminder, escalation); absent once nothing is left to do. */
  followUpAt?: string;
  notifiedAt?: string;
  /** The review run that opened it. */
  openedByRun?: string;
  /** A sweep took over sending a notice a crash left unsent. */
  noticeClaimedAt?: string;
  remindedAt?: string;
  escalatedAt?: string;
  /** Who the review escalated to; they may answer it too. */
  escalatedTo: string[];
  completedAt?: string;
  completedBy?: string;
  outcome?: string;
  grants?: GrantUnderReview[];
  findings?: { check: (typeof brandChecks)[number]; passed: boolean }[];
  notes?: string;
  comments?: ReviewComment[];
  /** The Secrets Manager rotation a credential-age review started (its ClientRequestToken). */
  rotationToken?: string;
}

/** Whether the review was completed by its deadline. */
export const onTime = (review: Review) => review.completedAt !== undefined && review.completedAt <= review.dueAt;

export { findingCodes, type FindingCode };

/**
 * A single point of failure, as a finding on an account: opened when a sweep first sees one, resolved when a
 * sweep no longer does. The id names what is wrong (and with whom), so a finding is opened once.
 */
export interface Finding {
  accountId: string;
  /** `code` or `code:personId`. */
  id: string;
  code: FindingCode;
  detail: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt?: string;
}

/** The review sweeps a run is made of; accounts' sweeps are split by risk tier (each tier has its own cadence). */
export const sweepKinds = ['policy', 'recertification', 'brand-audit', 'credential-age', 'grant-expiry', 'training-expiry', 'single-points', 'follow-up', 'stalled-approvals', 'handover-tasks'] as const;
/** One sweep of a review run. */
export type SweepKind = (typeof sweepKinds)[number];

/** A review run asked for by hand: which sweeps (all when absent). */
export const runInput = z.strictObject({
  kinds: z.array(z.enum(sweepKinds)).min(1).max(sweepKinds.length).optional(),
});

/** A comment on a policy review from the console. */
export const commentInput = z.strictObject({ text: text(2000) });


const httpsUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** The forms behind review links, parsed from the page's POST (and shown in the OpenAPI document). */
export const policyCloseForm = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('comment'), comment: text(2000) }),
  z.strictObject({ action: z.literal('confirm') }),
  z.strictObject({ action: z.literal('publish'), documentVersion: text(40), documentUrl: httpsUrl }),
]);

/** The recertification page's form: `grant:<id>` = keep | revoke for every grant listed. */
export const recertificationForm = z
  .object({ action: z.literal('submit') })
  .catchall(z.enum(['keep', 'revoke']))
  .refine((form) => Object.keys(form).every((key) => key === 'action' || /^grant:[a-z0-9-]{1,63}$/.test(key)), 'fields are grant:<grant id>');

/** The brand audit page's form: pass or fail on each check, and notes. */
export const brandAuditForm = z.strictObject({
  action: z.literal('submit'),
  ...Object.fromEntries(brandChecks.map((check) => [check, z.enum(['pass', 'fail'])])) as Record<(typeof brandChecks)[number], z.ZodEnum<{ pass: 'pass'; fail: 'fail' }>>,
  notes: text(2000).optional(),
});


/** Any of the review page's forms. */
export const reviewForm = z.union([recertificationForm, brandAuditForm, policyCloseForm]);

/** The console's answer: the link page's form fields by name (each kind's form checks them as on the page). */
export const reviewAnswerInput = z.strictObject({
  answers: z
    .record(z.string().regex(/^[a-z][a-zA-Z0-9:-]{0,80}$/, 'a field of the review form'), z.string().max(2048))
    .refine((answers) => Object.keys(answers).length <= 600, 'at most 600 fields'),
});

/**
 * The governance KPIs: how much of the model holds today. Each figure says what it counts, so a reader can
 * tell 0 of 0 from 0 of 40.
 */
export interface Kpis {
  asOf: string;
  accounts: { active: number; withOwner: number; withBackupOwner: number; withBoth: number; shareWithBoth: number | null };
  reviewsOnTime: Record<ReviewKind, { due: number; onTime: number; late: number; share: number | null }> & { windowDays: number };
  departures: { cases: number; medianHoursToRevoked: number | null; medianHoursToRotated: number | null; waitingOnPeople: number };
  credentialAgeDays: Record<RiskTier, { logins: number; medianDays: number | null; oldestDays: number | null; overLimit: number; limitDays: number }>;
  training: { holdersOfGrants: number; withCurrentTraining: number; share: number | null };
  singlePoints: { open: number; byCode: Record<string, number>; accounts: number };
  reviewsOpen: { open: number; overdue: number };
}
