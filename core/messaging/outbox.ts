import type { Email, Mailer } from './email.ts';
import type { RegistryStore } from '../registry/ports.ts';

/**
 * Notices exactly once per event and recipient. Each email has a key naming what it announces (the case,
 * the state reported, the recipient); a conditional claim lets one sender through however many run at once
 * or retry, and the key is marked sent after the send. A claim a crash left unsent is taken over only once
 * it is stale: an email may then be lost to a crash, but is never sent twice.
 */
const STALE_CLAIM_SECONDS = 15 * 60;

export async function sendOnce(ctx: { store: Pick<RegistryStore, 'claimOutbox' | 'markOutboxSent'>; mailer: Mailer }, key: string, email: Email): Promise<boolean> {
  if (!(await ctx.store.claimOutbox(key, STALE_CLAIM_SECONDS))) return false;
  await ctx.mailer.send(email);
  await ctx.store.markOutboxSent(key);
  return true;
}
