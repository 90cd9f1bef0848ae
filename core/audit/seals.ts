import { createHash } from 'node:crypto';
import * as z from 'zod';
import { hashEvent } from './chain.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { compactAppend, compactRoot, leafHash } from './merkle.ts';
import type { EvidenceObject, SealCheck, SealedLeaf } from './ports.ts';

/**
 * The second half of `govern audit verify`: the trail against its evidence. Every checkpoint in the locked
 * bucket (every version of it) must be signed by the log's key and name the one before it; the locked copies
 * of the sealed events, folded in log order, must make each checkpoint's root at its size; and each sealed
 * event must still be in the table as it was sealed. So an insider who rewrites a chain in the table and
 * recomputes every hash (which the chains alone cannot see) is caught at the first event they changed, and
 * an attempt on the bucket itself (an overwrite, a delete) is named even though Object Lock kept the original.
 */

/** The name verification gives the sealed log where it names a place in it. */
export const SEALED_LOG = '(sealed log)';

/** What the check of the seals can find wrong: a sealed event changed or gone, or the evidence itself attempted. */
export type SealProblem = 'altered' | 'removed' | 'unsigned' | 'unchained' | 'overwritten' | 'deleted' | 'missing' | 'not the signed log';

/** Where a check of the seals that goes on over several calls stands. */
export const sealsCursor = z.strictObject({
  /** The checkpoint being checked (its index in name order) and the copy being read. */
  checkpoint: z.number().int().nonnegative(),
  bundle: z.number().int().nonnegative(),
  /** Sealed events folded so far, and their compact range (base64). */
  size: z.number().int().nonnegative(),
  frontier: z.array(z.string().max(44)).max(64),
  /** The SHA-256 of the last checkpoint checked, which the next must name; its time. */
  prev: z.string().max(44).optional(),
  at: z.string().max(40).optional(),
  checkpoints: z.number().int().nonnegative(),
});

/** Where a check of the seals stands between calls. */
export type SealsCursor = z.output<typeof sealsCursor>;

/** A call's outcome: where it got to (and whether that is the end), or the first thing found wrong. */
export type SealsVerdict =
  | { ok: true; cursor: SealsCursor; done: boolean }
  | { ok: false; chain: string; firstBadSeq: number; problem: SealProblem; detail: string };

/** Objects one call reads at most: each is a request to the bucket, and an API call has 30 seconds. */
const OBJECTS_PER_CALL = 400;

const START: SealsCursor = { checkpoint: 0, bundle: 0, size: 0, frontier: [], checkpoints: 0 };

/** `leaves/<from>-<to>.jsonl`: the log indexes a copy holds. */
const rangeOf = (name: string) => {
  const match = /^leaves\/(\d{20})-(\d{20})\.jsonl$/.exec(name);
  return match ? { from: Number(match[1]), to: Number(match[2]) } : undefined;
};

const chainAndSeq = (key: string) => ({ chain: key.slice(0, key.lastIndexOf('#')), seq: Number(key.slice(key.lastIndexOf('#') + 1)) });

/**
 * Checks the seals from `from` on, reading up to about `budget` sealed events, and says where it stopped.
 * `eventsByKey` reads the table's events under sealed keys.
 */
export async function verifySeals(check: SealCheck & { eventsByKey(keys: readonly string[]): Promise<Map<string, { hash: string }>> }, from: SealsCursor | undefined, budget: number): Promise<SealsVerdict> {
  // The checkpoints first: every copy a listed checkpoint covers was written before it, so it is listed too.
  const [checkpoints, key] = await Promise.all([check.reader.list('checkpoints/'), check.publicKey()]);
  const objects = await check.reader.list('leaves/');
  const bundles = objects.flatMap((object) => {
    const range = rangeOf(object.name);
    return range ? [{ ...object, ...range }] : [];
  });
  const at = structuredClone(from ?? START);
  let frontier: Buffer[] = at.frontier.map((hash) => Buffer.from(hash, 'base64'));
  const fail = (problem: SealProblem, detail: string, place?: { chain: string; seq: number }): SealsVerdict => ({ ok: false, chain: place?.chain ?? SEALED_LOG, firstBadSeq: place?.seq ?? at.size, problem, detail });

  /** The object as first written: a later version or a delete marker is an attempt on the evidence. */
  const original = async (object: EvidenceObject): Promise<string | SealsVerdict> => {
    if (object.deleted) return fail('deleted', `${object.name} was deleted (a delete marker hides it); its locked version is intact and was read`);
    const first = await check.reader.readVersion(object.name, object.versions[0]!);
    for (const version of object.versions.slice(1)) {
      if ((await check.reader.readVersion(object.name, version)) !== first) return fail('overwritten', `${object.name} was written again with other content; its first, locked version was read`);
    }
    return first;
  };

  let read = 0;
  let objectsRead = 0;
  const more = () => read < budget && objectsRead < OBJECTS_PER_CALL;
  while (at.checkpoint < checkpoints.length && more()) {
    const object = checkpoints[at.checkpoint]!;
    objectsRead += object.versions.length;
    const note = await original(object);
    if (typeof note !== 'string') return note;
    const verdict = verifyCheckpoint(note, key, check.origin);
    if (!verdict.ok) return fail('unsigned', `${object.name}: ${verdict.problem}`);
    const { size, root, extensions } = verdict.checkpoint;
    const prev = extensions.find((line) => line.startsWith('prev '))?.slice(5);
    if (prev !== at.prev || size < at.size) return fail('unchained', `${object.name} does not follow the checkpoint before it (${at.checkpoints === 0 ? 'the first names a predecessor' : 'it names another predecessor, or a smaller log'})`);
    while (at.size < size && more()) {
      while (bundles[at.bundle] && bundles[at.bundle]!.to <= at.size) at.bundle++;
      const bundle = bundles[at.bundle];
      if (!bundle || bundle.from > at.size) return fail('missing', `no locked copy holds the sealed event at log index ${at.size}, which ${object.name} covers`);
      objectsRead += bundle.versions.length;
      const body = await original(bundle);
      if (typeof body !== 'string') return body;
      const leaves = body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as SealedLeaf).filter((leaf) => leaf.logIndex >= at.size && leaf.logIndex < size);
      const table = await check.eventsByKey(leaves.map((leaf) => leaf.key));
      for (const leaf of leaves) {
        if (leaf.logIndex !== at.size) return fail('missing', `${bundle.name} skips log index ${at.size}`);
        const { hash, ...content } = leaf.event;
        if (hashEvent(content) !== hash) return fail('not the signed log', `the locked copy of log index ${leaf.logIndex} does not match its own hash`);
        const now = table.get(leaf.key);
        if (!now) return fail('removed', `the sealed event at log index ${leaf.logIndex} is no longer in the table`, chainAndSeq(leaf.key));
        if (now.hash !== hash) return fail('altered', `the event differs from the one sealed at log index ${leaf.logIndex} (its hash was ${hash.slice(0, 12)}…, it is ${now.hash.slice(0, 12)}…)`, chainAndSeq(leaf.key));
        frontier = compactAppend(frontier, at.size, leafHash(Buffer.from(hash, 'hex')));
        at.size += 1;
        read += 1;
      }
    }
    if (at.size < size) break;
    if (!compactRoot(frontier).equals(root)) return fail('not the signed log', `the locked copies of the first ${size} sealed events do not make the root ${object.name} signed`);
    at.prev = createHash('sha256').update(note.slice(0, note.indexOf('\n\n') + 1)).digest('base64');
    at.at = extensions.find((line) => line.startsWith('time '))?.slice(5);
    at.checkpoints += 1;
    at.checkpoint += 1;
  }
  at.frontier = frontier.map((hash) => hash.toString('base64'));
  return { ok: true, cursor: at, done: at.checkpoint >= checkpoints.length };
}
