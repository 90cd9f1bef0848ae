import type { AuditEntry, AuditEvent } from '../audit/chain.ts';
import type { ApprovalRequest } from '../approvals/model.ts';
import type { CustodyTask } from '../rotation/custody.ts';
import type { AccountResult, DepartureCase, DepartureSummary } from '../handover/model.ts';
import type { Finding, Review, ReviewComment, ReviewKind, RiskTier } from '../reviews/model.ts';
import type { Kpis } from '../reviews/kpis.ts';
import type * as z from 'zod';
import type { Account, accountFilter, CredentialInput, Exposure, Grant, Person, Policy } from './model.ts';

/**
 * What the registry's rules need from storage. The DynamoDB adapter implements it; unit tests use memory.
 * Every change goes through `commit`, which writes the entities and the audit event in one transaction.
 */
export type EntityWrite =
  | { type: 'person'; item: Person; expectedVersion: number | null; previous?: Person }
  | { type: 'account'; item: Account; expectedVersion: number | null; previous?: Account }
  | { type: 'grant'; item: Grant; expectedVersion: number | null }
  | { type: 'policy'; item: Policy; expectedVersion: number | null }
  | { type: 'exposure'; item: Exposure }
  | { type: 'approval'; item: ApprovalRequest; expectedVersion: number | null; previous?: ApprovalRequest }
  | { type: 'departure'; item: DepartureSummary; expectedVersion: number | null }
  | { type: 'departure-result'; caseId: string; item: AccountResult; expectedRevision: number | null }
  | { type: 'custody-task'; item: CustodyTask; expectedVersion: number | null }
  | { type: 'review'; item: Review; expectedVersion: number | null; previous?: Review }
  | { type: 'finding'; item: Finding; expectedStatus: Finding['status'] | null }
  /** No write: the commit fails (ConflictError) unless the person is active with no departure on its way. */
  | { type: 'assignable'; personId: string }
  /**
   * Appends a comment to a review while it is open, before its deadline and under `maxComments`. No version
   * check: comments do not conflict with one another (the review's version still moves on, so a writer of the
   * whole review that read it before the comment fails instead of dropping it).
   */
  | { type: 'review-comment'; reviewId: string; comment: ReviewComment; maxComments: number };

export interface Change {
  writes: EntityWrite[];
  audit: AuditEntry;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

/** What an auditor searches the trail by; every field narrows it. */
export interface AuditFilter {
  entity?: { type: string; id: string };
  actor?: string;
  action?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
}

export type AccountFilter = z.output<typeof accountFilter>;

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

export interface RegistryStore {
  getPerson(id: string): Promise<Person | undefined>;
  listPeople(filter: { team?: string; status?: string }, page: { limit: number; next?: string }): Promise<Page<Person>>;
  getAccount(id: string): Promise<Account | undefined>;
  listAccounts(filter: AccountFilter, page: { limit: number; next?: string }): Promise<Page<Account>>;
  /**
   * Ids of accounts the person owns, backs up, or holds a platform-side control of (native admin, recovery
   * email or phone, 2FA factor), from the relationship items kept with each account.
   */
  accountRolesOf(personId: string): Promise<{ owned: string[]; backup: string[]; controls: string[] }>;
  grantsOfAccount(accountId: string): Promise<Grant[]>;
  getGrant(accountId: string, grantId: string): Promise<Grant | undefined>;
  grantsOfPerson(personId: string): Promise<Grant[]>;
  exposuresOf(personId: string): Promise<Exposure[]>;
  getPolicy(id: string): Promise<Policy | undefined>;
  listPolicies(page: { limit: number; next?: string }): Promise<Page<Policy>>;
  /**
   * Items of a kind falling due on or before a date, oldest first, read from the sparse due-date index:
   * what the scheduled reviews sweep, without reading anything that is not due.
   */
  dueBy(kind: DueKind, date: string, page: { limit: number; next?: string }): Promise<Page<{ id: string; dueAt: string }>>;
  /** A departed person no longer owns, backs or controls anything: their marker leaves the due index. */
  clearDepartedHolder(personId: string): Promise<void>;
  getReview(id: string): Promise<Review | undefined>;
  /** Reviews by status (all when absent), by deadline. */
  listReviews(filter: { status?: Review['status'] }, page: { limit: number; next?: string }): Promise<Page<Review>>;
  /** Reviews of a kind whose deadline falls in [from, to]: what "reviews on time" is measured over. */
  reviewsDueBetween(kind: ReviewKind, from: string, to: string): Promise<Review[]>;
  /** Reviews of one account or policy, newest first. */
  reviewsOf(subjectType: Review['subjectType'], subjectId: string): Promise<Review[]>;
  findingsOf(accountId: string): Promise<Finding[]>;
  /** Findings by status, by account. */
  /** Findings by status, of one kind when `code` is given. */
  listFindings(status: Finding['status'], page: { limit: number; next?: string }, code?: Finding['code']): Promise<Page<Finding>>;
  /** The KPIs as last computed (each review run and digest computes them), and their replacement. */
  latestKpis(): Promise<Kpis | undefined>;
  /** The KPI snapshots from `from` (an ISO instant) on, oldest first. */
  kpiHistory(from: string, page: { limit: number; next?: string }): Promise<Page<Kpis>>;
  saveKpis(kpis: Kpis): Promise<void>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Requests by status (all statuses when absent), newest first. */
  listApprovals(filter: { status?: string }, page: { limit: number; next?: string }): Promise<Page<ApprovalRequest>>;
  approvalsRequestedBy(personId: string, page: { limit: number; next?: string }): Promise<Page<ApprovalRequest>>;
  /** The departure cases' accounts where this person holds an open platform-control task. */
  openTasksOf(personId: string): Promise<{ caseId: string; accountId: string }[]>;
  /** Open reviews assigned to this person. */
  openReviewsAssignedTo(personId: string): Promise<Review[]>;
  /** Open reviews escalated to this person (as a member of the escalation group), not necessarily assigned to them. */
  openReviewsEscalatedTo(personId: string): Promise<Review[]>;
  /** Custody tasks not yet confirmed whose custodian is this person. */
  openCustodyTasksOf(personId: string): Promise<CustodyTask[]>;
  /** Ids of pending requests whose current stage waits for this person's decision. */
  approvalsAwaiting(personId: string): Promise<string[]>;
  /** The task token a workflow waits on for a request or a task, as its last park left it. */
  parkedWait(owner: WaitOwner): Promise<ParkedWait | undefined>;
  /** Replaces the parked wait of its owner (a workflow waits on one token per request or task at a time). */
  parkWait(wait: ParkedWait): Promise<void>;
  /**
   * A case with every per-account result (one Query: the case and its results share a partition), or with
   * only the results of `accountIds` (a step about one account reads that one, not the whole case).
   */
  getDeparture(id: string, accountIds?: readonly string[]): Promise<DepartureCase | undefined>;
  /** Departure cases (without their per-account results), newest first. */
  listDepartures(page: { limit: number; next?: string }): Promise<Page<DepartureSummary>>;
  /**
   * One rotation of an account's login at a time: takes the account's rotation lock for this token (true), or
   * says another holds it (false). A lock outlives a crash by at most `ttlSeconds`.
   */
  acquireRotationLock(accountId: string, token: string, ttlSeconds: number): Promise<boolean>;
  releaseRotationLock(accountId: string, token: string): Promise<void>;
  /**
   * The keyed email outbox: claims the email of this key for the caller (true) unless it was sent, or another
   * caller claimed it less than `staleAfterSeconds` ago (a claim never marked sent was lost to a crash).
   */
  claimOutbox(key: string, staleAfterSeconds: number): Promise<boolean>;
  markOutboxSent(key: string): Promise<void>;
  getCustodyTask(id: string): Promise<CustodyTask | undefined>;
  /** Audit events about one entity, oldest first. */
  auditOf(entityType: string, entityId: string): Promise<AuditEvent[]>;
  /** Writes all entities and the audit event atomically; a stale expected version throws ConflictError. */
  commit(change: Change): Promise<AuditEvent>;
  /** The trail in order, or (with a filter) the events that match it: a page holds up to `limit` matches. */
  auditEvents(page: { limit: number; next?: string }, filter?: AuditFilter): Promise<Page<AuditEvent>>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
  /** The account that holds this platform account id (the registry has each once), if any. */
  accountIdOfPlatformAccount(platform: Account['platform'], platformAccountId: string): Promise<string | undefined>;
}

/** Where shared logins live (Secrets Manager). Values pass through; nothing here logs or stores them. */
export interface CredentialVault {
  /** Stores a new value as the current one; `requestId` makes a retried request a no-op. */
  put(accountId: string, value: CredentialInput, requestId: string): Promise<{ secretArn: string; versionId: string }>;
  get(secretArn: string): Promise<CredentialInput>;
}

/** Whose wait it is: an approval request (its current stage) or a custodian's task. */
export interface WaitOwner {
  kind: 'approval' | 'custody';
  id: string;
}

export interface ParkedWait {
  owner: WaitOwner;
  taskToken: string;
  parkedAt: string;
  /** The approval stage the workflow waits on. */
  stage?: number;
}

export interface RegistryContext {
  store: RegistryStore;
  vault: CredentialVault;
  now: () => Date;
  newId: (prefix: string) => string;
}
