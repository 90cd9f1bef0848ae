import type { LoginRotations } from '../rotation/ports.ts';
import type { ApprovalContext } from '../approvals/ports.ts';
import type { ReviewCadences } from './cadences.ts';

/** Runs of the reviews workflow, named by the caller: a name runs once, however often it is started. */
export interface ReviewRuns {
  start(runId: string, input: object): Promise<void>;
  status(runId: string): Promise<{ status: string; startedAt: string; stoppedAt?: string } | undefined>;
}

export interface ReviewContext extends ApprovalContext {
  cadences: ReviewCadences;
  rotations: LoginRotations;
  runs: ReviewRuns;
}
