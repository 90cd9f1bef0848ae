import type { ApprovalContext } from '../approvals/ports.ts';
import type { ReviewCadences } from './cadences.ts';

/** Asks Secrets Manager to rotate an account's login with the rotation function (the same four steps a handover runs). */
export interface LoginRotations {
  /**
   * Starts (AWS answers at once) or runs (the local twin) the rotation with this token; running it again with
   * the same token resumes it. A failed or waiting rotation is not an error here: the review follows it up.
   */
  start(secretArn: string, token: string): Promise<'started' | 'not-finished'>;
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
