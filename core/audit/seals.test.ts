import { describe, expect, it } from 'vitest';
import { LocalKeyNoteSigner, MemoryAuditFeed, MemoryEvidenceStore, MemoryLogStore } from '../../adapters/memory/audit-log.ts';
import { MemoryClock } from '../../adapters/memory/services.ts';
import { chainedEvents, inChains } from '../../tests/support/sealer.ts';
import type { AuditEvent } from './model.ts';
import type { SealerContext } from './ports.ts';
import { sealEvents, sealedKey } from './sealer.ts';
import { SEALED_LOG, verifySeals, type SealsCursor, type SealsVerdict } from './seals.ts';

const ORIGIN = 'steward.test/audit';

/** Thirty events sealed in three runs (three checkpoints), and the table that holds them. */
async function sealedWorld() {
  const clock = new MemoryClock('2026-12-03T12:00:00.000Z');
  const evidence = new MemoryEvidenceStore();
  const signer = new LocalKeyNoteSigner(ORIGIN);
  const ctx: SealerContext = { log: new MemoryLogStore(), evidence, feed: new MemoryAuditFeed(), signer, origin: ORIGIN, now: clock.now };
  const events = inChains(chainedEvents(30));
  for (const run of [events.slice(0, 7), events.slice(7, 19), events.slice(19)]) {
    await sealEvents(ctx, run);
    clock.advance({ minutes: 1 });
  }
  const table = new Map<string, AuditEvent>(events.map((chained) => [sealedKey(chained), chained.event]));
  const check = { reader: evidence, publicKey: () => signer.publicKey(), origin: ORIGIN, eventsByKey: async (keys: readonly string[]) => new Map(keys.flatMap((key) => (table.has(key) ? [[key, table.get(key)!] as const] : []))) };
  return { evidence, table, check, events };
}

/** Checks to the end, `budget` events a call, as the API's calls do. */
async function checkAll(check: Parameters<typeof verifySeals>[0], budget: number): Promise<SealsVerdict & { calls?: number }> {
  let cursor: SealsCursor | undefined;
  for (let calls = 1; ; calls++) {
    const verdict = await verifySeals(check, cursor, budget);
    if (!verdict.ok || verdict.done) return { ...verdict, calls };
    cursor = verdict.cursor;
  }
}

describe('checking the seals', () => {
  it('finds every checkpoint signed and chained, and the locked copies and the table making their roots, over any number of calls', async () => {
    const { check } = await sealedWorld();
    expect(await checkAll(check, 1000)).toMatchObject({ ok: true, done: true, calls: 1, cursor: { checkpoints: 3, size: 30 } });
    expect(await checkAll(check, 4)).toMatchObject({ ok: true, done: true, cursor: { checkpoints: 3, size: 30 } });
    // A call reads whole copies: a small budget ends a call after each one.
    expect((await checkAll(check, 4)).calls).toBe(3);
  });

  it('names the first event an insider changed in the table and rehashed, and one they removed', async () => {
    const { check, table, events } = await sealedWorld();
    const target = events[12]!;
    table.set(sealedKey(target), { ...target.event, actor: 'mallory', hash: 'f'.repeat(64) });
    expect(await checkAll(check, 5)).toMatchObject({ ok: false, problem: 'altered', chain: target.chain, firstBadSeq: target.event.seq });
    table.delete(sealedKey(events[3]!));
    expect(await checkAll(check, 1000)).toMatchObject({ ok: false, problem: 'removed', chain: events[3]!.chain, firstBadSeq: events[3]!.event.seq });
  });

  it('names an overwrite or a delete of the locked evidence, though the first version is what it reads', async () => {
    const overwritten = await sealedWorld();
    const [first] = await overwritten.evidence.list('checkpoints/');
    overwritten.evidence.overwrite(first!.name, 'a forged checkpoint\n');
    expect(await checkAll(overwritten.check, 1000)).toMatchObject({ ok: false, problem: 'overwritten', chain: SEALED_LOG });
    const deleted = await sealedWorld();
    const [bundle] = await deleted.evidence.list('leaves/');
    deleted.evidence.markDeleted(bundle!.name);
    expect(await checkAll(deleted.check, 1000)).toMatchObject({ ok: false, problem: 'deleted' });
  });

  it('refuses a checkpoint signed by another key, a copy that is missing and a chain of checkpoints with one taken out', async () => {
    const unsigned = await sealedWorld();
    expect(await checkAll({ ...unsigned.check, publicKey: () => new LocalKeyNoteSigner(ORIGIN).publicKey() }, 1000)).toMatchObject({ ok: false, problem: 'unsigned', firstBadSeq: 0 });
    const missing = await sealedWorld();
    const [, second] = await missing.evidence.list('leaves/');
    missing.evidence.objects.delete(second!.name);
    expect(await checkAll(missing.check, 1000)).toMatchObject({ ok: false, problem: 'missing', firstBadSeq: 7 });
    const unchained = await sealedWorld();
    const [, middle] = await unchained.evidence.list('checkpoints/');
    unchained.evidence.objects.delete(middle!.name);
    expect(await checkAll(unchained.check, 1000)).toMatchObject({ ok: false, problem: 'unchained' });
  });
});
