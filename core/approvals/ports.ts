import type { Change, RegistryContext, RegistryStore, RegistryWrite } from '../registry/ports.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { AuditEvent } from '../audit/model.ts';
import type { ParkedWaitStore } from '../waits/ports.ts';
import type { LinkKeyRing, Mailer } from '../messaging/index.ts';
import type { ApprovalRequest } from './model.ts';
import type { ApprovalRules } from './rules.ts';

/**
 * Answers a waiting workflow task. A token that is already answered, timed out or unknown is not an error
 * here: the registry holds the decision, and the workflow's next step reads it from there.
 */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** Starts a request's approval workflow (one execution per request). */
export interface ApprovalWorkflow {
  /** Starts the request's execution (named after it, so starting twice is harmless). */
  start(requestId: string): Promise<void>;
}

/**
 * Told when a request has ended and been applied. Approvals know nothing of what asked for a request: the
 * handover registers the listener that settles a successor's answer, so approvals never import the handover.
 */
export interface ApprovalOutcomeListener {
  settled(request: ApprovalRequest): Promise<void>;
}

/**
 * What approvals write: the registry's entities and the request itself (the awaiting-approver items follow it).
 */
export type ApprovalWrite = RegistryWrite | { type: 'approval'; item: ApprovalRequest; expectedVersion: number | null; previous?: ApprovalRequest };

/** Reads of approval requests: by id, all or by status, by requester, and what awaits a person's decision. */
export interface ApprovalStore {
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Requests by status (all statuses when absent), newest first. */
  listApprovals(filter: { status?: string }, page: PageRequest): Promise<Page<ApprovalRequest>>;
  approvalsRequestedBy(personId: string, page: PageRequest): Promise<Page<ApprovalRequest>>;
  /** Ids of pending requests whose current stage waits for this person's decision. */
  approvalsAwaiting(personId: string): Promise<string[]>;
}

/** What approvals read and write: the registry's entities, requests and their parked waits. */
export interface ApprovalStores extends RegistryStore, ApprovalStore, ParkedWaitStore {
  commit(change: Change<ApprovalWrite>): Promise<AuditEvent>;
}

/**
 * What the approval rules run with: their stores and rules, the link keys, the mailer, the workflow's callbacks
 * and start, the outcome listener, and the public URL links point to.
 */
export interface ApprovalContext extends RegistryContext {
  store: ApprovalStores;
  rules: ApprovalRules;
  links: LinkKeyRing;
  mailer: Mailer;
  callbacks: TaskCallbacks;
  workflow: ApprovalWorkflow;
  outcomes: ApprovalOutcomeListener;
  /** Base URL of the public pages (the API's URL), without a trailing slash. */
  publicUrl: string;
}
