import type { AuditEvent } from '../audit/model.ts';
import type { HandoverContext, HandoverStores, HandoverWrite } from '../handover/ports.ts';
import type { Change } from '../registry/ports.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { LoginRotations } from '../rotation/ports.ts';
import type { ReviewCadences } from './cadences.ts';
import type { Finding, Kpis, Review, ReviewComment, ReviewKind } from './model.ts';
import type { RiskTier } from '../registry/model.ts';

/** Runs of the reviews workflow, named by the caller: a name runs once, however often it is started. */
export interface ReviewRuns {
  start(runId: string, input: object): Promise<void>;
  status(runId: string): Promise<{ status: string; startedAt: string; stoppedAt?: string } | undefined>;
}

/**
 * What the reviews write: what the handover writes, reviews (with their escalation items), findings under the
 * status they were read in, and review comments.
 */
export type ReviewWrite =
  | HandoverWrite
  | { type: 'review'; item: Review; expectedVersion: number | null; previous?: Review }
  | { type: 'finding'; item: Finding; expectedStatus: Finding['status'] | null }
  /**
   * Appends a comment to a review while it is open, before its deadline and under `maxComments`. No version
   * check: comments do not conflict with one another (the review's version still moves on, so a writer of the
   * whole review that read it before the comment fails instead of dropping it).
   */
  | { type: 'review-comment'; reviewId: string; comment: ReviewComment; maxComments: number };

/** Reads of reviews: one, by status, by kind and deadline, by subject, and a person's open ones. */
export interface ReviewStore {
  getReview(id: string): Promise<Review | undefined>;
  /** Reviews by status (all when absent), by deadline. */
  listReviews(filter: { status?: Review['status'] }, page: PageRequest): Promise<Page<Review>>;
  /** Reviews of a kind whose deadline falls in [from, to]: what "reviews on time" is measured over. */
  reviewsDueBetween(kind: ReviewKind, from: string, to: string): Promise<Review[]>;
  /** Reviews of one account or policy, newest first. */
  reviewsOf(subjectType: Review['subjectType'], subjectId: string): Promise<Review[]>;
  /** Open reviews assigned to this person. */
  openReviewsAssignedTo(personId: string): Promise<Review[]>;
  /** Open reviews escalated to this person (as a member of the escalation group), not necessarily assigned to them. */
  openReviewsEscalatedTo(personId: string): Promise<Review[]>;
}

/** Reads of findings: an account's, or by status (of one kind). */
export interface FindingStore {
  findingsOf(accountId: string): Promise<Finding[]>;
  /** Findings by status, of one kind when `code` is given. */
  listFindings(status: Finding['status'], page: PageRequest, code?: Finding['code']): Promise<Page<Finding>>;
}

/**
 * What the sparse due-date index holds. Dated kinds sort by due date (training and grant expiry, policy
 * reviews, a review's next follow-up); per-tier kinds sort by when the account was last reviewed, so a
 * cadence change applies at once (the sweep asks "last done before today minus the tier's cadence");
 * markers (accounts with a structural single point of failure, departed people still holding one) have no date.
 */
export type DueKind =
  | 'TRAINING'
  | 'GRANT_EXPIRY'
  | 'POLICY_REVIEW'
  | 'REVIEW_FOLLOW_UP'
  | `${'RECERTIFICATION' | 'BRAND_AUDIT' | 'CREDENTIAL_AGE'}#${RiskTier}`
  | 'SINGLE_POINT'
  | 'DEPARTED_HOLDER'
  | 'HANDOVER_WAITING';

/** The sparse due-date index: what falls due by when, without reading anything that does not. */
export interface DueIndex {
  /**
   * Items of a kind falling due on or before a date, oldest first, read from the sparse due-date index:
   * what the scheduled reviews sweep, without reading anything that is not due.
   */
  dueBy(kind: DueKind, date: string, page: PageRequest): Promise<Page<{ id: string; dueAt: string }>>;
  /** A departed person no longer owns, backs or controls anything: their marker leaves the due index. */
  clearDepartedHolder(personId: string): Promise<void>;
}

/** The KPIs as last computed, and their history for the trends. */
export interface KpiStore {
  /** The KPIs as last computed (each review run and digest computes them). */
  latestKpis(): Promise<Kpis | undefined>;
  /** The KPI snapshots from `from` (an ISO instant) on, oldest first. */
  kpiHistory(from: string, page: PageRequest): Promise<Page<Kpis>>;
  /** The latest figures and their snapshot, together. */
  saveKpis(kpis: Kpis): Promise<void>;
}

/** What the reviews read and write: everything below them, and their reviews, findings, due index and KPIs. */
export interface ReviewStores extends HandoverStores, ReviewStore, FindingStore, DueIndex, KpiStore {
  commit(change: Change<ReviewWrite>): Promise<AuditEvent>;
}

/** Every write any capability makes: what the store's transactions take. */
export type AnyWrite = ReviewWrite;

/**
 * What the reviews run with: everything the handover has, the cadences, Secrets Manager's rotations and the
 * review workflow's runs.
 */
export interface ReviewContext extends HandoverContext {
  store: ReviewStores;
  cadences: ReviewCadences;
  rotations: LoginRotations;
  runs: ReviewRuns;
}
