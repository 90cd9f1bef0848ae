/** Whose wait it is: an approval request (its current stage) or a custodian's task. */
export interface WaitOwner {
  kind: 'approval' | 'custody';
  id: string;
}

/** The task token a workflow waits on, kept where the answer's sender finds it. */
export interface ParkedWait {
  owner: WaitOwner;
  taskToken: string;
  parkedAt: string;
  /** The approval stage the workflow waits on. */
  stage?: number;
}

/**
 * The task token a workflow parked for its owner (an approval's stage, a custody task): read by whoever answers
 * it.
 */
export interface ParkedWaitStore {
  /** The task token a workflow waits on for a request or a task, as its last park left it. */
  parkedWait(owner: WaitOwner): Promise<ParkedWait | undefined>;
  /** Replaces the parked wait of its owner (a workflow waits on one token per request or task at a time). */
  parkWait(wait: ParkedWait): Promise<void>;
}
