import { describe, expect, it } from 'vitest';
import { LocalKeyNoteSigner } from '../../adapters/memory/audit-log.ts';
import { chainedEvents } from '../../tests/support/sealer.ts';
import { chainOf, hashEvent } from './chain.ts';
import { signCheckpoint } from './checkpoint.ts';
import { exportLines, verifyExport } from './export.ts';
import { compactAppend, leafHash, MerkleTree } from './merkle.ts';
import type { AuditEvent } from './model.ts';

const ORIGIN = 'steward.test/audit';
const signer = new LocalKeyNoteSigner(ORIGIN);
const sealed = chainedEvents(40);
const tree = new MerkleTree(sealed.map((e) => leafHash(Buffer.from(e.hash, 'hex'))));

/** The export of [from, to) of the 40-event log, as lines, checked against a checkpoint of the whole log. */
async function exported(from: number, to: number): Promise<string[]> {
  const note = await signCheckpoint({ origin: ORIGIN, size: sealed.length, root: tree.root(), extensions: ['time 2026-12-03T13:00:00.000Z'] }, signer);
  let prefix: Buffer[] = [];
  for (let i = 0; i < from; i++) prefix = compactAppend(prefix, i, leafHash(Buffer.from(sealed[i]!.hash, 'hex')));
  const lines: string[] = [];
  const events = sealed.slice(from, to).map((event, i) => ({ logIndex: from + i, chain: chainOf(event), event }));
  for await (const line of exportLines({ origin: ORIGIN, note, from, to, prefix, consistency: to < sealed.length ? tree.consistencyProof(to, sealed.length) : [], logSize: sealed.length }, events)) lines.push(line.trimEnd());
  return lines;
}

const check = async (lines: string[]) => verifyExport(lines, await signer.publicKey(), ORIGIN);
const eventLine = (lines: string[], logIndex: number) => lines.findIndex((line) => line.includes(`"logIndex":${logIndex},`));
const withEvent = (lines: string[], logIndex: number, change: (event: AuditEvent) => AuditEvent) => {
  const copy = [...lines];
  const at = eventLine(copy, logIndex);
  const line = JSON.parse(copy[at]!) as { event: AuditEvent };
  copy[at] = JSON.stringify({ ...line, event: change(line.event) });
  return copy;
};

describe('an evidence export, checked offline with the public key alone', () => {
  it('verifies the whole log, and any range of it against the checkpoint of the whole', async () => {
    expect(await check(await exported(0, 40))).toEqual({ ok: true, events: 40, from: 0, to: 40, logSize: 40 });
    expect(await check(await exported(13, 29))).toEqual({ ok: true, events: 16, from: 13, to: 29, logSize: 40 });
  });

  it('names the first record altered, removed, reordered or inserted, and refuses what the signed log does not hold', async () => {
    const lines = await exported(5, 35);
    expect(await check(withEvent(lines, 9, (e) => ({ ...e, actor: 'mallory' })))).toMatchObject({ ok: false, logIndex: 9, problem: 'altered' });
    const rehashed = withEvent(lines, 9, (e) => {
      const { hash: _hash, ...content } = { ...e, actor: 'mallory' };
      return { ...content, hash: hashEvent(content) };
    });
    // Rehashed, the event passes its own hash, but its chain's next event names the old hash, and the log's root differs.
    expect(await check(rehashed)).toMatchObject({ ok: false, problem: 'inserted' });
    const removed = lines.filter((_, i) => i !== eventLine(lines, 12));
    expect(await check(removed)).toMatchObject({ ok: false, logIndex: 12, problem: 'removed' });
    const reordered = [...lines];
    [reordered[eventLine(lines, 20)], reordered[eventLine(lines, 21)]] = [lines[eventLine(lines, 21)]!, lines[eventLine(lines, 20)]!];
    expect(await check(reordered)).toMatchObject({ ok: false, logIndex: 20, problem: 'removed' });
    const last = await exported(5, 34);
    const forged = { ...sealed[34]!, actor: 'mallory' };
    const { hash: _h, ...content } = forged;
    const inserted = [...last.slice(0, -1), JSON.stringify({ type: 'event', logIndex: 34, chain: chainOf(content), event: { ...content, hash: hashEvent(content) } }), last.at(-1)!.replace('"from":34', '"from":35')].map((l) => l.replace('"to":34', '"to":35'));
    expect(await check(inserted)).toMatchObject({ ok: false, problem: 'not the signed log' });
  });

  it('refuses a checkpoint signed by another key, and an export of another log', async () => {
    const lines = await exported(0, 40);
    expect(await verifyExport(lines, await new LocalKeyNoteSigner(ORIGIN).publicKey(), ORIGIN)).toMatchObject({ ok: false, problem: 'unsigned' });
    expect(await verifyExport(lines, await signer.publicKey(), 'elsewhere/audit')).toMatchObject({ ok: false, problem: 'malformed' });
  });
});
