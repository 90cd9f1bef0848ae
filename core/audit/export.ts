import { LEGACY_CHAIN, chainOf, hashEvent, type ChainProblem } from './chain.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { compactAppend, compactRoot, leafHash, verifyConsistency } from './merkle.ts';
import type { AuditEvent } from './model.ts';

/**
 * Evidence an auditor checks with nothing of Steward's but its public key: JSON Lines of
 *   - a header (the format, the log's origin, the range of log indexes [from, to));
 *   - the signed checkpoint the export is checked against (the log's size N and root, signed by KMS);
 *   - the compact range of the log before `from` (its first `from` leaves, folded);
 *   - every sealed event of the range, in log order;
 *   - the consistency proof from size `to` to size N.
 * The checker folds the events into the compact range, so the events and the range make the log's root at
 * size `to`, and the proof shows that root to be the signed log's own first `to` leaves. Nothing needs a
 * proof per event, so a million events are one pass. Each event is also checked against its own hash and
 * its chain: the first one altered, removed, reordered or inserted is named.
 */

/** The export's format, on its header line. */
export const EXPORT_FORMAT = 'steward-audit-export/1';

/** One line of an export. */
export type ExportLine =
  | { type: 'header'; format: string; origin: string; from: number; to: number }
  | { type: 'checkpoint'; note: string }
  | { type: 'prefix'; size: number; compact: string[] }
  | { type: 'event'; logIndex: number; chain: string; event: AuditEvent }
  | { type: 'consistency'; from: number; to: number; path: string[] };

/** What checking an export found. */
export type ExportVerdict =
  | { ok: true; events: number; from: number; to: number; logSize: number }
  | { ok: false; events: number; logIndex?: number; problem: ChainProblem | 'unsigned' | 'not the signed log' | 'malformed'; detail: string };

/** Where a chain stands as the events are read: the last seq and hash seen of it. */
interface ChainMark {
  seq: number;
  hash: string;
}

/** Checks an export line by line (a stream of lines: an export can be larger than memory allows at once). */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, publicKey: Buffer, origin: string): Promise<ExportVerdict> {
  let header: Extract<ExportLine, { type: 'header' }> | undefined;
  let signed: { size: number; root: Buffer } | undefined;
  let frontier: Buffer[] | undefined;
  let size = 0;
  let events = 0;
  let consistency: Extract<ExportLine, { type: 'consistency' }> | undefined;
  const chains = new Map<string, ChainMark>();
  const fail = (problem: Exclude<ExportVerdict, { ok: true }>['problem'], detail: string, logIndex?: number): ExportVerdict => ({ ok: false, events, ...(logIndex !== undefined ? { logIndex } : {}), problem, detail });

  for await (const text of lines) {
    if (text.trim() === '') continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      return fail('malformed', `line ${events + 1} is not JSON`);
    }
    if (line.type === 'header') {
      if (line.format !== EXPORT_FORMAT || line.origin !== origin) return fail('malformed', `not an export of ${origin} in ${EXPORT_FORMAT}`);
      header = line;
    } else if (line.type === 'checkpoint') {
      const verdict = verifyCheckpoint(line.note, publicKey, origin);
      if (!verdict.ok) return fail('unsigned', `the checkpoint: ${verdict.problem}`);
      signed = { size: verdict.checkpoint.size, root: verdict.checkpoint.root };
    } else if (line.type === 'prefix') {
      if (!header || line.size !== header.from) return fail('malformed', 'the compact range is not of the log before the range');
      frontier = line.compact.map((hash) => Buffer.from(hash, 'base64'));
      size = line.size;
    } else if (line.type === 'event') {
      if (!frontier) return fail('malformed', 'an event before the compact range');
      const { event, logIndex, chain } = line;
      // The log's order is the export's: an index out of turn was removed, moved or put there.
      if (logIndex !== size) return fail(logIndex > size ? 'removed' : 'reordered', `the event at log index ${size} is not here (removed, or moved: the next is at ${logIndex})`, size);
      const { hash, ...content } = event;
      if (hashEvent(content) !== hash) return fail('altered', `the event at log index ${logIndex} (${chain} #${event.seq}) does not match its own hash`, logIndex);
      // The subject's chain, or the single chain of the years before chains were per subject.
      if (chain !== chainOf(event) && chain !== LEGACY_CHAIN) return fail('malformed', `the event at log index ${logIndex} is about ${chainOf(event)}, not of chain ${chain}`, logIndex);
      const mark = chains.get(chain);
      if (mark && (event.seq !== mark.seq + 1 || event.prevHash !== mark.hash)) {
        const problem: ChainProblem = event.seq <= mark.seq ? 'reordered' : event.seq > mark.seq + 1 ? 'removed' : 'inserted';
        return fail(problem, `${chain} #${event.seq} does not follow #${mark.seq} of its chain`, logIndex);
      }
      chains.set(chain, { seq: event.seq, hash });
      frontier = compactAppend(frontier, size, leafHash(Buffer.from(hash, 'hex')));
      size += 1;
      events += 1;
    } else if (line.type === 'consistency') {
      consistency = line;
    } else {
      return fail('malformed', `a line of no known type`);
    }
  }
  if (!header || !signed || !frontier) return fail('malformed', 'the export lacks its header, checkpoint or compact range');
  if (size !== header.to) return fail('removed', `the export ends at log index ${size}, its header says ${header.to}`, size);
  const root = compactRoot(frontier);
  const proven =
    size === signed.size
      ? root.equals(signed.root)
      : consistency !== undefined && consistency.from === size && consistency.to === signed.size && verifyConsistency(size, signed.size, root, signed.root, consistency.path.map((hash) => Buffer.from(hash, 'base64')));
  if (!proven) return fail('not the signed log', `the events and the compact range do not make the first ${size} leaves of the signed log of ${signed.size}: an event was altered and rehashed, or left out, or put in`);
  return { ok: true, events, from: header.from, to: header.to, logSize: signed.size };
}

/** What an export is made of: the signed checkpoint, the range's sealed events, and the hashes that bind them. */
export interface ExportParts {
  origin: string;
  /** The signed checkpoint of size N the export is checked against. */
  note: string;
  /** The range of log indexes, [from, to), to ≤ N. */
  from: number;
  to: number;
  /** The compact range of the first `from` leaves. */
  prefix: readonly Buffer[];
  /** The consistency proof from size `to` to N (empty when to = N). */
  consistency: readonly Buffer[];
  logSize: number;
}

/** A sealed event as an export carries it: its place in the log, its chain, the event. */
export type ExportedEvent = Omit<Extract<ExportLine, { type: 'event' }>, 'type'>;

/** The export's lines, the events given one by one (an export of a million events is written as it is read). */
export async function* exportLines(parts: ExportParts, events: AsyncIterable<ExportedEvent> | Iterable<ExportedEvent>): AsyncGenerator<string> {
  const line = (value: ExportLine) => `${JSON.stringify(value)}\n`;
  yield line({ type: 'header', format: EXPORT_FORMAT, origin: parts.origin, from: parts.from, to: parts.to });
  yield line({ type: 'checkpoint', note: parts.note });
  yield line({ type: 'prefix', size: parts.from, compact: parts.prefix.map((hash) => hash.toString('base64')) });
  for await (const { logIndex, chain, event } of events) yield line({ type: 'event', logIndex, chain, event });
  if (parts.to !== parts.logSize) yield line({ type: 'consistency', from: parts.to, to: parts.logSize, path: parts.consistency.map((hash) => hash.toString('base64')) });
}
