import { ConflictError, ValidationError } from '../../core/errors.ts';
import type { ApprovalRequest } from '../../core/approvals/model.ts';
import type { AuditEvent, ChainHead } from '../../core/audit/model.ts';
import type { AccountResult, DepartureSummary } from '../../core/handover/model.ts';
import type { Account, Exposure, Grant, Person, Policy } from '../../core/registry/model.ts';
import type { Page, PageRequest } from '../../core/paging.ts';
import type { Finding, Kpis, Review } from '../../core/reviews/model.ts';
import type { DueKind } from '../../core/reviews/ports.ts';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { ParkedWait } from '../../core/waits/ports.ts';

/**
 * What the memory store keeps, one collection per kind of item the DynamoDB table holds
 * (adapters/dynamodb/registry-keys.ts lists them): the entities, and the items that exist beside them to make
 * a rule hold under concurrency (uniqueness claims, index items that follow a set of people, due markers,
 * locks). Each collection is keyed by what makes such an item unique there.
 */
export interface Rows {
  person: Person;
  /** An email's claim: one person per address. */
  email: { personId: string };
  /** A departed person the single-points sweep still visits (kept until the sweep clears it). */
  departedHolder: { personId: string; since: string };
  account: Account;
  /** A platform account id's claim: one registry account per platform account. */
  platformId: { accountId: string };
  /** A person's owner, backup or platform-control relation to an account. */
  link: { personId: string; accountId: string; relation: 'owns' | 'backs' | 'controls' };
  /** A due marker an account carries (a tiered review's, or its single point of failure's). */
  dueMarker: { accountId: string; kind: DueKind; dueAt: string };
  grant: Grant;
  /** A person's claim on an account: one live grant per person and account. */
  holder: { grantId: string; expiresAt: string };
  exposure: Exposure;
  policy: Policy;
  approval: ApprovalRequest;
  /** An approver the current stage of a request waits for. */
  awaiting: { requestId: string; personId: string };
  wait: ParkedWait;
  rotationLock: { token: string; lockedUntil: number };
  outbox: { claimedAt: number; sentAt?: number };
  custodyTask: CustodyTask;
  departure: DepartureSummary;
  departureResult: AccountResult & { caseId: string };
  review: Review;
  /** A person an open review escalated to, with the review's place in their list. */
  escalation: { reviewId: string; personId: string; sortKey: string };
  finding: Finding;
  kpis: Kpis;
  kpiSnapshot: Kpis;
  audit: AuditEvent;
  auditHead: ChainHead & { chain: string };
}

/** The name of a collection. */
export type Collection = keyof Rows;

/** A row's key from its parts (ids never hold the separator). */
export const keyOf = (...parts: readonly (string | number)[]) => parts.join('\u001f');

/**
 * The collections. Rows are kept as JSON text and handed out parsed, as DynamoDB's marshalling would: a caller
 * that changes what it read changes nothing stored, and a field set to `undefined` is not kept.
 */
export class MemoryTables {
  private readonly collections = new Map<Collection, Map<string, string>>();

  private collection(name: Collection): Map<string, string> {
    let rows = this.collections.get(name);
    if (!rows) this.collections.set(name, (rows = new Map()));
    return rows;
  }

  get<C extends Collection>(name: C, key: string): Rows[C] | undefined {
    const text = this.collections.get(name)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as Rows[C]);
  }

  /** Every row of a collection, in no particular order (each query sorts what it answers). */
  all<C extends Collection>(name: C): Rows[C][] {
    return [...(this.collections.get(name)?.values() ?? [])].map((text) => JSON.parse(text) as Rows[C]);
  }

  put<C extends Collection>(name: C, key: string, row: Rows[C]): void {
    this.collection(name).set(key, JSON.stringify(row));
  }

  remove(name: Collection, key: string): void {
    this.collections.get(name)?.delete(key);
  }
}

/**
 * One item of a transaction, as a TransactWriteItems entry is: the row it touches, a condition on that row as it
 * was before the transaction, the sentence a failed condition means, and what it does (put, update, delete, or
 * only check).
 */
export type Step = { [C in Collection]: StepOn<C> }[Collection];

interface StepOn<C extends Collection> {
  collection: C;
  key: string;
  condition?: (row: Rows[C] | undefined) => boolean;
  conflict: string;
  effect: { put: Rows[C] } | { update: (row: Rows[C]) => Rows[C] } | 'delete' | 'check';
}

/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Applies the steps all together or not at all, refusing what DynamoDB refuses: more than 100 items (the audit
 * event and head included, `extraItems`), or one item touched twice. Every condition is read against the state
 * before the transaction; the first that fails throws its ConflictError, and nothing is written.
 */
export function transact(tables: MemoryTables, steps: readonly Step[], extraItems = 0): void {
  if (steps.length + extraItems > MAX_TRANSACTION_ITEMS) throw new Error(`a transaction of ${steps.length + extraItems} items: DynamoDB takes at most ${MAX_TRANSACTION_ITEMS}`);
  const touched = new Set<string>();
  for (const step of steps) {
    const item = keyOf(step.collection, step.key);
    if (touched.has(item)) throw new Error(`Transaction request cannot include multiple operations on one item (${step.collection} ${step.key})`);
    touched.add(item);
  }
  const failed = steps.find((step) => step.condition && !(step.condition as (row: unknown) => boolean)(tables.get(step.collection, step.key)));
  if (failed) throw new ConflictError(failed.conflict);
  for (const step of steps) {
    const { collection, key, effect } = step as StepOn<Collection>;
    if (effect === 'delete') tables.remove(collection, key);
    else if (effect === 'check') continue;
    else if ('put' in effect) tables.put(collection, key, effect.put);
    else {
      const row = tables.get(collection, key);
      if (row !== undefined) tables.put(collection, key, effect.update(row));
    }
  }
}

/** Strings in the order DynamoDB sorts them: by their UTF-8 bytes. */
export const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Items by a sort key, as a Query answers them (`descending`: ScanIndexForward false). */
export function sortedBy<T>(items: readonly T[], sortKey: (item: T) => string, descending = false): T[] {
  const keyed = items.map((item) => ({ item, key: sortKey(item) }));
  keyed.sort((a, b) => (descending ? byteOrder(b.key, a.key) : byteOrder(a.key, b.key)));
  return keyed.map(({ item }) => item);
}

const BAD_TOKEN = 'invalid page token: pass back the "next" value of the previous page unchanged';

/**
 * Where a list a page of it came from: the partition it reads (`scope`), and the condition its sort keys meet.
 * A token from another list, or from this list under another condition, is refused as DynamoDB refuses a start
 * key outside its query.
 */
export interface ListScope<T> {
  scope: string;
  sortKey: (item: T) => string;
  descending?: boolean;
  within?: (sortKey: string) => boolean;
}

/**
 * One page of a list: up to `limit` items after the one the token names. Like DynamoDB, a full page always
 * carries a `next`, even when nothing follows (the caller then reads an empty page).
 */
export function pageOf<T>(items: readonly T[], list: ListScope<T>, page: PageRequest): Page<T> {
  const after = decodeToken(page.next, list);
  const sorted = sortedBy(items, list.sortKey, list.descending);
  const start = after === undefined ? 0 : sorted.findIndex((item) => (list.descending ? byteOrder(list.sortKey(item), after) < 0 : byteOrder(list.sortKey(item), after) > 0));
  const rest = start < 0 ? [] : sorted.slice(start);
  const kept = rest.slice(0, page.limit);
  const full = kept.length === page.limit && kept.length > 0;
  return { items: kept, ...(full ? { next: Buffer.from(JSON.stringify({ scope: list.scope, after: list.sortKey(kept.at(-1)!) })).toString('base64url') } : {}) };
}

function decodeToken<T>(next: string | undefined, list: ListScope<T>): string | undefined {
  if (next === undefined) return undefined;
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError(BAD_TOKEN);
  }
  const { scope, after } = (token ?? {}) as { scope?: unknown; after?: unknown };
  if (typeof token !== 'object' || Array.isArray(token) || scope !== list.scope || typeof after !== 'string' || (list.within && !list.within(after))) throw new ValidationError(BAD_TOKEN);
  return after;
}
