import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalKeyNoteSigner, MemoryAuditFeed, MemoryEvidenceStore, MemoryLogStore } from '../../adapters/memory/audit-log.ts';
import { MemoryClock } from '../../adapters/memory/services.ts';
import type { AuditEvent } from './model.ts';
import type { ChainedEvent, ChainRecord, SealerContext, SealerTrail } from './ports.ts';
import { LEGACY_CHAIN } from './chain.ts';
import { chainedEvents as events, checkSealedView, inChains, type SealedView } from '../../tests/support/sealer.ts';
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

/** The memory world as the shared checks read it. */
const viewOf = async (world: ReturnType<typeof sealer>): Promise<SealedView> => ({ leaves: world.log.all(), head: await world.log.logHead(), objects: world.evidence.objects, published: world.feed.published, publicKey: await world.ctx.signer.publicKey(), origin: ORIGIN });
const checkSealed = async (world: ReturnType<typeof sealer>, delivered: readonly AuditEvent[]) => checkSealedView(await viewOf(world), delivered);

/** The trail as a list of chained events (each chain's events in order): the sealer's own reading of it. */
function trailOf(events: () => readonly ChainedEvent[]): SealerTrail & { reads: number } {
  const paged = <T>(items: readonly T[], { limit, next }: { limit: number; next?: string }) => {
    const from = Number(next ?? 0);
    return { items: items.slice(from, from + limit), ...(from + limit < items.length ? { next: String(from + limit) } : {}) };
  };
  const trail = {
    reads: 0,
    chainRecords: async (page: { limit: number; next?: string }) => (trail.reads++, paged<ChainRecord>([...events()].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.event.seq - b.event.seq)), page)),
    chainEventsBetween: async (page: { limit: number; next?: string }, { from, to }: { from: string; to: string }) => (trail.reads++, paged(events().filter(({ event }) => event.at >= from && event.at <= to), page)),
  };
  return trail;
}

describe('the sealer', () => {
  it('gives each event its place, copies them, signs a checkpoint of the log and publishes them', async () => {
    const world = sealer();
    const batch = events(5);
    expect(await sealEvents(world.ctx, inChains(batch))).toMatchObject({ appended: 5, checkpoint: { size: 5 } });
    await checkSealed(world, batch);
    expect(world.feed.published.map((l) => l.event)).toEqual(batch);
  });

  it('seals a redelivered batch never again, and signs nothing new for it', async () => {
    const world = sealer();
    const batch = events(4);
    await sealEvents(world.ctx, inChains(batch));
    const objects = world.evidence.objects.size;
    expect(await sealEvents(world.ctx, inChains([...batch.slice(2), ...batch]))).toEqual({ appended: 0 });
    expect(world.evidence.objects.size).toBe(objects);
    await checkSealed(world, batch);
  });

  it('signs a heartbeat checkpoint of an idle log once an hour, chained to the last', async () => {
    const world = sealer();
    await sealEvents(world.ctx, inChains(events(2)));
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
              await sealEvents(world.ctx, inChains(batch));
              break;
            } catch (error) {
              if (attempt > 40) throw error;
            }
          }
          for (const chained of inChains(batch)) delivered.set(sealedKey(chained), chained.event);
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

  it('seals what the trail holds that the stream never delivered: every chain once (the old single chain too), then each hour', async () => {
    const world = sealer();
    // The old single chain numbered all events in one sequence.
    const legacy = events(3).map((event, i) => ({ chain: LEGACY_CHAIN, event: { ...event, seq: i + 1 } }));
    const known: ChainedEvent[] = [...legacy, ...inChains(events(12)).slice(3)];
    const trail = trailOf(() => known);
    expect(await heartbeat(world.ctx, trail)).toMatchObject({ appended: 12, checkpoint: { size: 12 } });
    expect(world.log.all().slice(0, 3).map((leaf) => leaf.key)).toEqual(legacy.map(sealedKey));
    // An hour on, the events of that hour that the stream lost are found by time; nothing is sealed twice.
    const later = events(15).slice(12).map((event) => ({ chain: `person/${event.entityId}-late`, event: { ...event, entityId: `${event.entityId}-late`, at: '2026-12-03T12:30:00.000Z' } }));
    known.push(...later);
    expect(await heartbeat(world.ctx, trail)).toEqual({ appended: 0 });
    world.clock.advance({ minutes: 62 });
    expect(await heartbeat(world.ctx, trail)).toMatchObject({ appended: 3, checkpoint: { size: 15 } });
    const reads = trail.reads;
    world.clock.advance({ minutes: 10 });
    expect(await heartbeat(world.ctx, trail)).toEqual({ appended: 0 });
    expect(trail.reads).toBe(reads);
  });

  it('carries a first reading that runs out of time on in the next run, from where it stopped', async () => {
    const world = sealer();
    const all = inChains(events(250));
    const trail = trailOf(() => all);
    const outOfTime = () => false;
    expect(await heartbeat(world.ctx, trail, outOfTime)).toMatchObject({ appended: 100 });
    expect(await heartbeat(world.ctx, trail, outOfTime)).toMatchObject({ appended: 100 });
    expect(await heartbeat(world.ctx, trail, outOfTime)).toMatchObject({ appended: 50 });
    expect(await heartbeat(world.ctx, trail, outOfTime)).toMatchObject({ appended: 0 });
    expect(await world.log.logHead()).toMatchObject({ size: 250, catchUp: { phase: 'time' } });
  });
});
