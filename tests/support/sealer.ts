import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { GENESIS_HASH, chainOf, sealEvent } from '../../core/audit/chain.ts';
import { verifyCheckpoint } from '../../core/audit/checkpoint.ts';
import { leafHash, MerkleTree, verifyConsistency } from '../../core/audit/merkle.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import type { ChainedEvent, LogHead, SealedLeaf } from '../../core/audit/ports.ts';
import { sealedKey } from '../../core/audit/sealer.ts';

/** `count` events over three subjects' chains, in the order they were written. */
export function chainedEvents(count: number): AuditEvent[] {
  const heads = new Map<string, { seq: number; hash: string }>();
  return Array.from({ length: count }, (_, i) => {
    const id = `p-${i % 3}`;
    const head = heads.get(id) ?? { seq: 0, hash: GENESIS_HASH };
    const event = sealEvent({ actor: 'hr', actorRoles: ['hr'], action: 'person.updated', entityType: 'person', entityId: id, after: { name: `n${i}` } }, head.seq + 1, `2026-12-03T12:00:${String(i % 60).padStart(2, '0')}.000Z`, head.hash);
    heads.set(id, { seq: event.seq, hash: event.hash });
    return event;
  });
}

/** Events as a stream delivers them to the sealer: each with its subject's chain. */
export const inChains = (events: readonly AuditEvent[]): ChainedEvent[] => events.map((event) => ({ chain: chainOf(event), event }));

/** What the sealer left, read whole: the log's leaves and head, the evidence store's objects, what the feed had. */
export interface SealedView {
  leaves: SealedLeaf[];
  head: LogHead | undefined;
  objects: ReadonlyMap<string, string>;
  published: readonly SealedLeaf[];
  publicKey: Buffer;
  origin: string;
}

/**
 * Everything the sealer promises, over whichever stores it ran on: every delivered event sealed exactly
 * once at indexes 0..n-1; every checkpoint signed, with the tree's root at its size, naming the one before
 * it and consistent with it; the locked copies holding every sealed event as sealed; the feed given each.
 */
export async function checkSealedView(view: SealedView, delivered: readonly AuditEvent[]) {
  const { leaves, head } = view;
  if (delivered.length === 0) return expect(head).toBeUndefined();
  expect(leaves.map((l) => l.logIndex)).toEqual(leaves.map((_, i) => i));
  expect(new Set(leaves.map((l) => l.key)).size).toBe(leaves.length);
  expect(new Set(leaves.map((l) => l.key))).toEqual(new Set(inChains(delivered).map(sealedKey)));
  const tree = new MerkleTree(leaves.map((l) => leafHash(Buffer.from(l.event.hash, 'hex'))));
  expect(head).toMatchObject({ size: leaves.length, bundled: leaves.length, published: leaves.length, checkpoint: { size: leaves.length } });
  const notes = [...view.objects].filter(([name]) => name.startsWith('checkpoints/')).sort(([a], [b]) => (a < b ? -1 : 1));
  let lastText: string | undefined;
  let previous: { size: number; root: Buffer } | undefined;
  for (const [, note] of notes) {
    const verdict = verifyCheckpoint(note, view.publicKey, view.origin);
    if (!verdict.ok) throw new Error(verdict.problem);
    const { size, root, extensions } = verdict.checkpoint;
    expect(root).toEqual(tree.root(size));
    expect(extensions.find((line) => line.startsWith('prev '))?.slice(5)).toBe(lastText);
    if (previous) expect(verifyConsistency(previous.size, size, previous.root, root, tree.consistencyProof(previous.size, size))).toBe(true);
    lastText = createHash('sha256').update(note.slice(0, note.indexOf('\n\n') + 1)).digest('base64');
    previous = { size, root };
  }
  const copied = new Map<number, SealedLeaf>();
  for (const [name, body] of view.objects) {
    if (!name.startsWith('leaves/')) continue;
    for (const line of body.split('\n').filter(Boolean)) copied.set((JSON.parse(line) as SealedLeaf).logIndex, JSON.parse(line) as SealedLeaf);
  }
  expect([...copied.values()].sort((a, b) => a.logIndex - b.logIndex)).toEqual(leaves);
  expect(new Set(view.published.map((l) => l.key))).toEqual(new Set(leaves.map((l) => l.key)));
}
