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
