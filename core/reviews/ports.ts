import type { ApprovalContext } from '../approvals/ports.ts';
import type { ReviewCadences } from './cadences.ts';

/** Asks Secrets Manager to rotate an account's login with the rotation function (the same four steps a handover runs). */
export interface LoginRotations {
  /**
   * Starts the rotation with this token; Secrets Manager answers at once and runs the steps after. A rotation
   * already pending is not an error here ('not-finished'): the review follows it up.
   */
  start(secretArn: string, token: string): Promise<'started' | 'not-finished'>;
  /** Runs the steps left after a custodian set the new password (setSecret on): the rotation is then complete. */
  finish(secretArn: string, token: string): Promise<void>;
}

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
