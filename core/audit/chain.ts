import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEvent, ChainHead } from './model.ts';

/**
 * The audit trail: one event per change of state or reveal, written in the same transaction as the change.
 * Each subject (the entity an event is about) has its own hash chain: each event carries the previous event's
 * hash and its own hash over its content, so an altered, removed or reordered record breaks its chain at a
 * point `verifyChain` can name, and writers about different subjects never wait for each other.
 */

/**
 * The one chain every event joined before chains were per subject (issue 15). A registry written then keeps
 * it as it was, checked as it was; its name sorts before every subject's, so it is checked first.
 */
export const LEGACY_CHAIN = '(single chain)';

/** The chain an event or entry belongs to: its subject's, `type/id`. */
export const chainOf = (entry: Pick<AuditEntry, 'entityType' | 'entityId'>): string => `${entry.entityType}/${entry.entityId}`;

/** The hash the first event of the trail follows. */
export const GENESIS_HASH = '0'.repeat(64);

/** Field names that must never reach an audit record, whatever a caller passes. */
const SECRET_FIELD = /password|secret(?!Arn)|totp|recovery.?codes|token/i;

/** Drops secret-looking fields at any depth: defence in depth behind "secrets never enter DynamoDB". */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_FIELD.test(key)).map(([key, v]) => [key, redact(v)]));
  }
  return value;
}

/** JSON with keys sorted at every depth, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The SHA-256 of an event's canonical JSON (keys sorted), over everything but its own hash. */
export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

/**
 * Makes an entry the event at `seq`: secret-looking fields redacted, what it changed listed, chained to
 * `prevHash` and hashed.
 */
export function sealEvent(entry: AuditEntry, seq: number, at: string, prevHash: string, changes?: string[]): AuditEvent {
  const unsealed = { ...entry, before: redact(entry.before), after: redact(entry.after), ...(changes ? { changes } : {}), seq, at, prevHash };
  return { ...unsealed, hash: hashEvent(unsealed) };
}

/**
 * What a check of the chain found: intact up to the head, or the first record that was altered, removed or
 * reordered.
 */
export type ChainVerdict =
  | { ok: true; events: number; headSeq: number }
  | { ok: false; events: number; firstBadSeq: number; problem: ChainProblem; detail: string };

/** How a chain was found broken. */
export type ChainProblem = 'altered' | 'removed' | 'reordered' | 'inserted';

/** Where a check of the chain stands: the next record it expects, and the hash that record must follow. */
export interface ChainPosition {
  readonly seq: number;
  readonly prevHash: string;
}

/** Where a check from the beginning of the trail starts. */
export const CHAIN_START: ChainPosition = { seq: 1, prevHash: GENESIS_HASH };

/**
 * Recomputes the chain over events read in key order, from `from` on, and (when the events reach the end of
 * the trail, `complete`) checks the last one against the head the registry keeps, which catches records
 * removed from the end.
 */
export function verifyChain(events: readonly AuditEvent[], head: ChainHead | undefined, from: ChainPosition = CHAIN_START, complete = true): ChainVerdict {
  const present = new Set(events.map((e) => e.seq));
  let expectedSeq = from.seq;
  let prevHash = from.prevHash;
  const broken = (firstBadSeq: number, problem: ChainProblem, detail: string): ChainVerdict => ({ ok: false, events: events.length, firstBadSeq, problem, detail });
  for (const event of events) {
    const { hash, ...content } = event;
    if (hashEvent(content) !== hash) return broken(event.seq, 'altered', `record ${event.seq} does not match its own hash`);
    if (event.seq !== expectedSeq) {
      // The record that belongs here exists elsewhere: records were moved; it exists nowhere: it was removed.
      return present.has(expectedSeq)
        ? broken(expectedSeq, 'reordered', `record ${expectedSeq} is not where the chain puts it (found ${event.seq} there)`)
        : broken(expectedSeq, 'removed', `record ${expectedSeq} is missing (next is ${event.seq})`);
    }
    if (event.prevHash !== prevHash) return broken(event.seq, 'reordered', `record ${event.seq} does not follow record ${expectedSeq - 1}`);
    expectedSeq += 1;
    prevHash = hash;
  }
  const lastSeq = expectedSeq - 1;
  if (complete && head && lastSeq > head.seq) return broken(head.seq + 1, 'inserted', `record ${head.seq + 1} is past the chain's head (${head.seq}): no commit wrote it`);
  if (complete && head && (head.seq !== lastSeq || head.hash !== prevHash)) {
    return broken(lastSeq + 1, 'removed', `the chain ends at ${lastSeq} but its head says ${head.seq}`);
  }
  return { ok: true, events: events.length, headSeq: lastSeq };
}
