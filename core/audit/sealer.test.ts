import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalKeyNoteSigner, MemoryAuditFeed, MemoryEvidenceStore, MemoryLogStore } from '../../adapters/memory/audit-log.ts';
import { MemoryClock } from '../../adapters/memory/services.ts';
import { GENESIS_HASH, sealEvent } from './chain.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { leafHash, MerkleTree, verifyConsistency } from './merkle.ts';
import type { AuditEvent } from './model.ts';
import type { SealedLeaf, SealerContext } from './ports.ts';
import { heartbeat, sealEvents, sealedKey } from './sealer.ts';

const ORIGIN = 'steward.test/audit';

function sealer() {
  const clock = new MemoryClock('2026-12-03T12:00:00.000Z');
  const log = new MemoryLogStore();
  const evidence = new MemoryEvidenceStore();
  const feed = new MemoryAuditFeed();
  const ctx: SealerContext = { log, evidence, feed, signer: new LocalKeyNoteSigner(ORIGIN), origin: ORIGIN, now: clock.now };
  return { ctx, clock, log, evidence, feed };
}

/** `count` events over three subjects' chains, in the order they were written. */
function events(count: number): AuditEvent[] {
  const heads = new Map<string, { seq: number; hash: string }>();
  return Array.from({ length: count }, (_, i) => {
    const id = `p-${i % 3}`;
    const head = heads.get(id) ?? { seq: 0, hash: GENESIS_HASH };
    const event = sealEvent({ actor: 'hr', actorRoles: ['hr'], action: 'person.updated', entityType: 'person', entityId: id, after: { name: `n${i}` } }, head.seq + 1, `2026-12-03T12:00:${String(i % 60).padStart(2, '0')}.000Z`, head.hash);
    heads.set(id, { seq: event.seq, hash: event.hash });
    return event;
  });
}

/** Everything the sealer promises, checked over the log, the evidence store and the feed. */
async function checkSealed(world: ReturnType<typeof sealer>, delivered: readonly AuditEvent[]) {
  const leaves = world.log.all();
  if (delivered.length === 0) return expect(await world.log.logHead()).toBeUndefined();
  // Every delivered event sealed exactly once, at indexes 0..n-1.
  expect(leaves.map((l) => l.logIndex)).toEqual(leaves.map((_, i) => i));
  expect(new Set(leaves.map((l) => l.key)).size).toBe(leaves.length);
  expect(new Set(leaves.map((l) => l.key))).toEqual(new Set(delivered.map(sealedKey)));
  const tree = new MerkleTree(leaves.map((l) => leafHash(Buffer.from(l.event.hash, 'hex'))));
  const head = (await world.log.logHead())!;
  expect(head).toMatchObject({ size: leaves.length, bundled: leaves.length, published: leaves.length, checkpoint: { size: leaves.length } });
  // Every checkpoint is signed, has the tree's root at its size, names the one before it, and extends it.
  const publicKey = await world.ctx.signer.publicKey();
  const notes = [...world.evidence.objects].filter(([name]) => name.startsWith('checkpoints/')).sort(([a], [b]) => (a < b ? -1 : 1));
  let lastText: string | undefined;
  let previous: { size: number; root: Buffer } | undefined;
  for (const [, note] of notes) {
    const verdict = verifyCheckpoint(note, publicKey, ORIGIN);
    if (!verdict.ok) throw new Error(verdict.problem);
    const { size, root, extensions } = verdict.checkpoint;
    expect(root).toEqual(tree.root(size));
    const prev = extensions.find((line) => line.startsWith('prev '));
    expect(prev?.slice(5)).toBe(lastText);
    if (previous) expect(verifyConsistency(previous.size, size, previous.root, root, tree.consistencyProof(previous.size, size))).toBe(true);
    lastText = createHash('sha256').update(note.slice(0, note.indexOf('\n\n') + 1)).digest('base64');
    previous = { size, root };
  }
  // The locked copies hold every sealed event as it was sealed; the feed had each at least once.
  const copied = new Map<number, SealedLeaf>();
  for (const [name, body] of world.evidence.objects) if (name.startsWith('leaves/')) for (const line of body.split('\n').filter(Boolean)) copied.set((JSON.parse(line) as SealedLeaf).logIndex, JSON.parse(line));
  expect([...copied.values()].sort((a, b) => a.logIndex - b.logIndex)).toEqual(leaves);
  expect(new Set(world.feed.published.map((l) => l.key))).toEqual(new Set(leaves.map((l) => l.key)));
}

describe('the sealer', () => {
  it('gives each event its place, copies them, signs a checkpoint of the log and publishes them', async () => {
    const world = sealer();
    const batch = events(5);
    expect(await sealEvents(world.ctx, batch)).toMatchObject({ appended: 5, checkpoint: { size: 5 } });
    await checkSealed(world, batch);
    expect(world.feed.published.map((l) => l.event)).toEqual(batch);
  });

  it('seals a redelivered batch never again, and signs nothing new for it', async () => {
    const world = sealer();
    const batch = events(4);
    await sealEvents(world.ctx, batch);
    const objects = world.evidence.objects.size;
    expect(await sealEvents(world.ctx, [...batch.slice(2), ...batch])).toEqual({ appended: 0 });
    expect(world.evidence.objects.size).toBe(objects);
    await checkSealed(world, batch);
  });

  it('signs a heartbeat checkpoint of an idle log once an hour, chained to the last', async () => {
    const world = sealer();
    await sealEvents(world.ctx, events(2));
    expect(await heartbeat(world.ctx)).toEqual({ appended: 0 });
    world.clock.advance({ minutes: 61 });
    expect(await heartbeat(world.ctx)).toMatchObject({ checkpoint: { size: 2 } });
    await checkSealed(world, events(2));
  });

  it('holds its promises over any mix of batches, redeliveries, sealers running at once and failures of the evidence store', async () => {
    const all = events(60);
    const command = fc.oneof(
      fc.record({ kind: fc.constant('deliver' as const), from: fc.nat(59), length: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('together' as const), from: fc.nat(59), length: fc.integer({ min: 1, max: 30 }), other: fc.nat(59) }),
      fc.record({ kind: fc.constant('fail' as const), count: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('later' as const), minutes: fc.integer({ min: 1, max: 90 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const world = sealer();
        const delivered = new Map<string, AuditEvent>();
        // A stream delivers in order, at least once: a batch is a run of events, and runs overlap.
        const deliver = async (from: number, length: number) => {
          const batch = all.slice(from, from + length);
          // A failed run is retried with the same batch until it succeeds, as Lambda's event source mapping does.
          for (let attempt = 1; ; attempt++) {
            try {
              await sealEvents(world.ctx, batch);
              break;
            } catch (error) {
              if (attempt > 40) throw error;
            }
          }
          for (const event of batch) delivered.set(sealedKey(event), event);
        };
        for (const c of commands) {
          if (c.kind === 'deliver') await deliver(c.from, c.length);
          else if (c.kind === 'together') await Promise.all([deliver(c.from, c.length), deliver(c.other, c.length)]);
          else if (c.kind === 'fail') world.evidence.failNext(c.count);
          else world.clock.advance({ minutes: c.minutes });
        }
        // The hourly heartbeat finishes whatever a failure left (the store is back by then).
        world.evidence.recover();
        await heartbeat(world.ctx);
        await checkSealed(world, [...delivered.values()]);
      }),
      { numRuns: 60 },
    );
  });
});
