import type { ApprovalContext } from '../approvals/ports.ts';

export interface HandoverWorkflow {
  /** Starts the case's handover (the execution is named after the case, so starting twice is harmless). */
  start(caseId: string): Promise<void>;
}

/** The handover needs what approvals need (it asks successors through them), and its own workflow. */
export interface HandoverContext extends ApprovalContext {
  handover: HandoverWorkflow;
}
