import { createHash } from 'node:crypto';
import { chunk } from '../batches.ts';
import { noteText, signCheckpoint, type Checkpoint } from './checkpoint.ts';
import { compactAppend, compactRoot, leafHash } from './merkle.ts';
import type { CatchUp, ChainedEvent, CheckpointClaim, LogHead, SealedLeaf, SealerContext, SealerTrail } from './ports.ts';

/**
 * The sealer: it gives every audit event its place in one append-only log (in the order the table's stream
 * delivers them), extends the log's Merkle tree, copies the sealed events to the locked evidence store, signs
 * a checkpoint of the log and publishes the sealed events for the company's SIEM.
 *
 * The log in the registry is the commit point: an append writes the events' leaves and the advanced head in
 * one transaction, conditioned on the head it read, so two sealers (two stream shards) never give one index
 * twice, and an event sealed already is never sealed again (a stream delivers at least once). What follows
 * an append (the copy, the checkpoint, the publication) is driven by marks on the head, so a run that
 * stopped half way is finished by the next run or the hourly heartbeat, and nothing is lost.
 */

/** Events per append: each takes two items of a transaction (its leaf and its sealed mark) beside the head. */
const EVENTS_PER_APPEND = 40;

/** Sealed events per object of the evidence store, at most: an auditor's tools read one whole. */
export const LEAVES_PER_BUNDLE = 1000;

/** How often a checkpoint is signed when nothing was appended: the heartbeat that shows the log is alive. */
const HEARTBEAT_MS = 3_600_000;

/** What one run did: events appended, and the checkpoint it signed (none when there was nothing new). */
export interface SealReport {
  appended: number;
  checkpoint?: { size: number; name: string };
}

const EMPTY_LOG: LogHead = { size: 0, frontier: [], bundled: 0, published: 0 };

/** An event's key in the log: its chain and its place there. */
export const sealedKey = ({ chain, event }: ChainedEvent) => `${chain}#${event.seq}`;

/** The name of a bundle of sealed events in the evidence store: the log indexes it holds, [from, to). */
export const bundleName = (from: number, to: number) => `leaves/${String(from).padStart(20, '0')}-${String(to).padStart(20, '0')}.jsonl`;

/** The name of a checkpoint in the evidence store: the log's size, then the time (a heartbeat repeats a size). */
export const checkpointName = (size: number, at: string) => `checkpoints/${String(size).padStart(20, '0')}-${at.replace(/[-:.]/g, '')}.note`;

/** Seals the events a stream batch delivered (in its order), then brings the evidence and the feed up to date. */
export async function sealEvents(ctx: SealerContext, events: readonly ChainedEvent[]): Promise<SealReport> {
  const appended = await appendAll(ctx, events);
  const checkpoint = await publish(ctx, false);
  return { appended, ...(checkpoint ? { checkpoint } : {}) };
}

/**
 * The hourly run: reads the trail itself for what the stream did not deliver (`catchUp`), as far as time
 * allows, finishes what a stopped run left, and signs a checkpoint even when nothing was appended.
 */
export async function heartbeat(ctx: SealerContext, trail?: SealerTrail, timeLeft: () => boolean = () => true): Promise<SealReport> {
  const appended = trail ? await catchUp(ctx, trail, timeLeft) : 0;
  const checkpoint = await publish(ctx, true);
  return { appended, ...(checkpoint ? { checkpoint } : {}) };
}

async function appendAll(ctx: SealerContext, events: readonly ChainedEvent[]): Promise<number> {
  const unique = [...new Map(events.map((event) => [sealedKey(event), event])).values()];
  let appended = 0;
  for (const part of chunk(unique, EVENTS_PER_APPEND)) appended += await append(ctx, part);
  return appended;
}

/** How far behind now the hourly reading of the trail stops: a change commits within seconds of its event's time. */
const SWEEP_LAG_MS = 60_000;

/** Events read per page of the trail. */
const CATCH_UP_PAGE = 100;

/**
 * Seals what the trail holds that the log lacks, a page at a time, recording after each page where it got
 * to, so a run that runs out of time (a large registry's first reading) is carried on by the next. Reading
 * a page again is harmless: what is sealed already is passed over.
 */
async function catchUp(ctx: SealerContext, trail: SealerTrail, timeLeft: () => boolean): Promise<number> {
  let appended = 0;
  for (;;) {
    const head = await ctx.log.logHead();
    const now = ctx.now();
    const at = head?.catchUp ?? { phase: 'chains', startedAt: now.toISOString() };
    let page: { events: ChainedEvent[]; next?: string };
    if (at.phase === 'chains') {
      const read = await trail.chainRecords({ limit: CATCH_UP_PAGE, next: at.next });
      page = { events: read.items.filter((record): record is ChainedEvent => 'event' in record), next: read.next };
    } else {
      const to = at.to ?? new Date(now.getTime() - SWEEP_LAG_MS).toISOString();
      // Within the hour after the last reading there is nothing to read yet.
      if (at.to === undefined && Date.parse(to) - Date.parse(at.from) < HEARTBEAT_MS - SWEEP_LAG_MS) return appended;
      const read = await trail.chainEventsBetween({ limit: CATCH_UP_PAGE, next: at.next }, { from: at.from, to });
      page = { events: read.items, next: read.next };
      at.to = to;
    }
    appended += await appendAll(ctx, page.events);
    const next: CatchUp = page.next
      ? { ...at, next: page.next }
      : at.phase === 'chains'
        ? { phase: 'time', from: new Date(Date.parse(at.startedAt) - SWEEP_LAG_MS).toISOString() }
        : { phase: 'time', from: at.to! };
    // An empty registry has no log yet: there is nothing to remember until its first event is sealed.
    const current = await ctx.log.logHead();
    if (!current) return appended;
    await ctx.log.advance(current, { ...current, catchUp: next });
    if (!timeLeft()) return appended;
  }
}

async function append(ctx: SealerContext, events: readonly ChainedEvent[]): Promise<number> {
  for (;;) {
    const current = await ctx.log.logHead();
    const head = current ?? EMPTY_LOG;
    const sealed = await ctx.log.sealedOf(events.map(sealedKey));
    const fresh = events.filter((event) => !sealed.has(sealedKey(event)));
    if (fresh.length === 0) return 0;
    let frontier: Buffer[] = head.frontier.map((hash) => Buffer.from(hash, 'hex'));
    const leaves: SealedLeaf[] = fresh.map((chained, i) => {
      frontier = compactAppend(frontier, head.size + i, leafHash(Buffer.from(chained.event.hash, 'hex')));
      return { logIndex: head.size + i, key: sealedKey(chained), event: chained.event };
    });
    const next: LogHead = { ...head, size: head.size + fresh.length, frontier: frontier.map((hash) => hash.toString('hex')) };
    if (await ctx.log.append(current, next, leaves)) return fresh.length;
  }
}

/** The checkpoint a claim on the head describes: what is signed, whoever signs it, however often. */
const checkpointOf = (claim: CheckpointClaim, origin: string): Checkpoint => ({
  origin,
  size: claim.size,
  root: Buffer.from(claim.root, 'hex'),
  extensions: [...(claim.prev ? [`prev ${claim.prev}`] : []), `time ${claim.at}`],
});

/** What a checkpoint's successor names as its `prev`: the SHA-256 of its signed text (the same whoever signs it). */
const textHash = (claim: CheckpointClaim, origin: string) => createHash('sha256').update(noteText(checkpointOf(claim, origin))).digest('base64');

/**
 * Brings the evidence and the feed up to the log, in an order that never lets a checkpoint name events the
 * locked store lacks, or two sealers sign two checkpoints of one moment:
 *   1. copy the events sealed since the last copy to the evidence store (write-once, so a repeat is harmless);
 *   2. claim the next checkpoint on the head (its size, root, time and `prev`), conditioned on the head read:
 *      of two sealers, one wins and the other reads again;
 *   3. sign the claimed checkpoint and write it, unless it is there already (a run that stopped after its
 *      claim is finished here, with the same text: ECDSA's signature differs, what it signs does not);
 *   4. publish the events the checkpoint covers that the feed has not had, and mark them published.
 */
async function publish(ctx: SealerContext, heartbeatRun: boolean): Promise<SealReport['checkpoint']> {
  let signed: SealReport['checkpoint'];
  for (;;) {
    let head = await ctx.log.logHead();
    if (!head) return signed;
    // The leaves read for the copy serve the feed too (it usually lags by the same events). A long run (the
    // first reading of a large trail) is copied in bundles of a bounded size.
    let copied: SealedLeaf[] = [];
    for (let from = head.bundled; from < head.size; from += LEAVES_PER_BUNDLE) {
      const to = Math.min(head.size, from + LEAVES_PER_BUNDLE);
      const leaves = await ctx.log.leaves(from, to);
      await ctx.evidence.putOnce(bundleName(from, to), leaves.map((leaf) => `${JSON.stringify(leaf)}\n`).join(''));
      copied = head.size - head.bundled <= LEAVES_PER_BUNDLE ? leaves : [];
    }
    const at = ctx.now().toISOString();
    const last = head.checkpoint;
    const due = last === undefined || last.size < head.size || (heartbeatRun && Date.parse(at) - Date.parse(last.at) >= HEARTBEAT_MS);
    const claim: CheckpointClaim | undefined = due ? { size: head.size, root: compactRoot(head.frontier.map((hash) => Buffer.from(hash, 'hex'))).toString('hex'), at, ...(last ? { prev: textHash(last, ctx.origin) } : {}), name: checkpointName(head.size, at) } : undefined;
    if (claim || head.bundled < head.size) {
      const next: LogHead = { ...head, bundled: head.size, ...(claim ? { checkpoint: claim } : {}) };
      if (!(await ctx.log.advance(head, next))) continue;
      head = next;
    }
    const checkpoint = head.checkpoint!;
    if ((await ctx.evidence.read(checkpoint.name)) === undefined) {
      await ctx.evidence.putOnce(checkpoint.name, await signCheckpoint(checkpointOf(checkpoint, ctx.origin), ctx.signer));
      signed = { size: checkpoint.size, name: checkpoint.name };
    }
    if (head.published >= checkpoint.size) return signed;
    for (let from = head.published; from < checkpoint.size; from += LEAVES_PER_BUNDLE) {
      const to = Math.min(checkpoint.size, from + LEAVES_PER_BUNDLE);
      const unpublished = copied.length > 0 && copied[0]!.logIndex <= from && copied.at(-1)!.logIndex >= to - 1 ? copied.filter((l) => l.logIndex >= from && l.logIndex < to) : await ctx.log.leaves(from, to);
      for (const part of chunk(unpublished, 10)) await ctx.feed.publish(part);
    }
    if (await ctx.log.advance(head, { ...head, published: checkpoint.size })) return signed;
  }
}
