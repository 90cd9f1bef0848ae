import * as z from 'zod';
import { ConflictError } from '../errors.ts';

/**
 * A parked task: a Step Functions task token waiting for a person or system to answer. The token is kept in
 * the registry (never in a URL or an email) under a key the waiting party can derive, so the answer can be
 * sent later with SendTaskSuccess / SendTaskFailure. Approvals and handovers build on this.
 */
export interface ParkedTask {
  readonly key: string;
  readonly taskToken: string;
  readonly parkedAt: string;
  /** Epoch seconds after which the registry may drop the record (DynamoDB TTL). */
  readonly expiresAt: number;
}

/** The store a parked task needs; the DynamoDB adapter implements it, tests may use memory. */
export interface ParkedTaskStore {
  /** Saves the task unless the key already holds one; returns the task now stored under the key. */
  putIfAbsent(task: ParkedTask): Promise<ParkedTask>;
}

/** What the canary's park step is given: the key to park under, the task token, and how long to keep it. */
export const parkTaskInput = z.object({
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9/_:.-]+$/, 'letters, digits and / _ : . - only'),
  taskToken: z.string().min(1).max(8192),
  ttlSeconds: z
    .number()
    .int()
    .positive()
    .max(366 * 24 * 3600)
    .default(30 * 24 * 3600),
});

/** The park step's input before defaults. */
export type ParkTaskInput = z.input<typeof parkTaskInput>;

/**
 * Parks a task token. Running it twice with the same token is harmless (Lambda retries, replays); a second,
 * different token under the same key means two waits collided, which is a bug worth failing loudly on.
 */
export async function parkTask(
  store: ParkedTaskStore,
  input: z.output<typeof parkTaskInput>,
  now: Date,
): Promise<{ key: string; parkedAt: string }> {
  const candidate: ParkedTask = {
    key: input.key,
    taskToken: input.taskToken,
    parkedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + input.ttlSeconds,
  };
  const stored = await store.putIfAbsent(candidate);
  if (stored.taskToken !== input.taskToken) {
    throw new ConflictError(`another task is already parked under key ${input.key}`);
  }
  return { key: stored.key, parkedAt: stored.parkedAt };
}
