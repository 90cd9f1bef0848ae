import type { Email, Mailer } from './email.ts';

/**
 * Notices exactly once per event and recipient. Each email has a key naming what it announces (the case,
 * the state reported, the recipient); a conditional claim lets one sender through however many run at once
 * or retry, and the key is marked sent after the send. A claim a crash left unsent is taken over only once
 * it is stale: an email may then be lost to a crash, but is never sent twice.
 */
/** The keyed email outbox. */
export interface OutboxStore {
  /**
   * Claims the email of this key for the caller (true) unless it was sent, or another caller claimed it less
   * than `staleAfterSeconds` ago (a claim never marked sent was lost to a crash).
   */
  claimOutbox(key: string, staleAfterSeconds: number): Promise<boolean>;
  markOutboxSent(key: string): Promise<void>;
}

const STALE_CLAIM_SECONDS = 15 * 60;

/**
 * Sends the email once per key, however often the step that sends it runs: false when it was sent (or is being
 * sent) already.
 */
export async function sendOnce(ctx: { store: OutboxStore; mailer: Mailer }, key: string, email: Email): Promise<boolean> {
  if (!(await ctx.store.claimOutbox(key, STALE_CLAIM_SECONDS))) return false;
  await ctx.mailer.send(email);
  await ctx.store.markOutboxSent(key);
  return true;
}
