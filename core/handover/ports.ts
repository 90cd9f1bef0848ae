import type { AuditEvent } from '../audit/model.ts';
import type { ApprovalContext } from '../approvals/ports.ts';
import type { Change } from '../registry/ports.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { RotationStores, RotationWrite } from '../rotation/ports.ts';
import type { AccountResult, DepartureCase, DepartureSummary } from './model.ts';

/** Starts a departure's handover workflow. */
export interface HandoverWorkflow {
  /** Starts the case's handover (the execution is named after the case, so starting twice is harmless). */
  start(caseId: string): Promise<void>;
}

/** What the handover writes: what rotation writes, the case's summary, and one account's result in a case. */
export type HandoverWrite =
  | RotationWrite
  | { type: 'departure'; item: DepartureSummary; expectedVersion: number | null }
  | { type: 'departure-result'; caseId: string; item: AccountResult; expectedRevision: number | null };

/**
 * Reads of departure cases: one (whole, or some accounts' results), a page of them, and a person's open control
 * tasks.
 */
export interface DepartureStore {
  /**
   * A case with every per-account result (one Query: the case and its results share a partition), or with
   * only the results of `accountIds` (a step about one account reads that one, not the whole case).
   */
  getDeparture(id: string, accountIds?: readonly string[]): Promise<DepartureCase | undefined>;
  /** Departure cases (without their per-account results), newest first. */
  listDepartures(page: PageRequest): Promise<Page<DepartureSummary>>;
  /** The departure cases' accounts where this person holds an open platform-control task. */
  openTasksOf(personId: string): Promise<{ caseId: string; accountId: string }[]>;
}

/** What a handover reads and writes: the cases, and what approvals and rotations keep. */
export interface HandoverStores extends RotationStores, DepartureStore {
  commit(change: Change<HandoverWrite>): Promise<AuditEvent>;
}

/** The handover needs what approvals need (it asks successors through them), and its own workflow. */
export interface HandoverContext extends ApprovalContext {
  store: HandoverStores;
  handover: HandoverWorkflow;
}
