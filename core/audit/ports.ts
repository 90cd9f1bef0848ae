import type { Page, PageRequest } from '../paging.ts';
import type { NoteSigner } from './checkpoint.ts';
import type { AuditEvent, ChainHead } from './model.ts';

/** What an auditor searches the trail by; every field narrows it. */
export interface AuditFilter {
  entity?: { type: string; id: string };
  actor?: string;
  action?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
}

/** One record of the trail as verification reads it: an event of a chain, or the chain's head after its events. */
export type ChainRecord = ChainedEvent | { chain: string; head: ChainHead };

/** An event with the chain it was written in (its subject's, or the single chain of a registry written before). */
export interface ChainedEvent {
  chain: string;
  event: AuditEvent;
}

/** The trail as the store keeps it (events are written by each change's commit, never alone). */
export interface AuditStore {
  /** Audit events about one entity, oldest first. */
  auditOf(entityType: string, entityId: string): Promise<AuditEvent[]>;
  /** The trail in time order, or (with a filter) the events that match it: a page holds up to `limit` matches. */
  auditEvents(page: PageRequest, filter?: AuditFilter): Promise<Page<AuditEvent>>;
  /** The events the table holds under these sealed keys (`chain#seq`); a key it lacks is not in the answer. */
  eventsByKey(keys: readonly string[]): Promise<Map<string, AuditEvent>>;
  /** The events of the subjects' chains committed in a time range, in time order (the old single chain takes no new events). */
  chainEventsBetween(page: PageRequest, range: { from: string; to: string }): Promise<Page<ChainedEvent>>;
  /**
   * The whole trail for verification, chain after chain in name order, each chain's events in order and then
   * its head. Read in bulk, from an index that may be a moment behind the table.
   */
  chainRecords(page: PageRequest): Promise<Page<ChainRecord>>;
  /**
   * One chain as the table holds it now, read consistently: all its events, and its head as it stood once
   * they were read (with the events of changes committed in between).
   */
  chainAsItStands(chain: string): Promise<{ head?: ChainHead; events: AuditEvent[] }>;
}

/** What the audit trail's search and check run with: the trail's store, and its evidence where it is sealed. */
export interface AuditContext {
  store: AuditStore;
  evidence?: SealCheck;
}

/** One object of the evidence store: every version it has had, oldest first, and whether a delete marker hides it. */
export interface EvidenceObject {
  name: string;
  versions: string[];
  deleted: boolean;
}

/** The evidence store as a verifier reads it: every version, since an overwrite or a delete only adds one. */
export interface EvidenceReader {
  /** The objects under a prefix, in name order. */
  list(prefix: string): Promise<EvidenceObject[]>;
  readVersion(name: string, versionId: string): Promise<string>;
}

/** What checking the seals needs: the evidence, the key that signs the checkpoints, and the log's name. */
export interface SealCheck {
  reader: EvidenceReader;
  publicKey(): Promise<Buffer>;
  origin: string;
}

/** The sealed log's head: its size and compact range, and how far the evidence, checkpoints and feed have come. */
export interface LogHead {
  size: number;
  /** The compact range (merkle.ts), hex, largest subtree first. */
  frontier: string[];
  /** Events up to this index are copied to the evidence store. */
  bundled: number;
  /** The last checkpoint claimed: what it signs and where it is kept. */
  checkpoint?: CheckpointClaim;
  /** Events up to this index are published to the feed. */
  published: number;
  /** How far the sealer's own reading of the trail has come (`catchUp` in sealer.ts). */
  catchUp?: CatchUp;
}

/**
 * The sealer's own reading of the trail, behind the stream: first every chain as the table holds it (the
 * events written before the stream was on, the old single chain first), then, each hour, the events of the
 * hour before, so that an event the stream lost (a shard's records expire after 24 hours) is sealed all the same.
 */
export type CatchUp =
  | { phase: 'chains'; startedAt: string; next?: string }
  | { phase: 'time'; from: string; to?: string; next?: string };

/** A checkpoint as the log's head claims it before it is signed: enough to sign the same text again. */
export interface CheckpointClaim {
  size: number;
  /** The log's root at that size, hex. */
  root: string;
  /** When it was claimed, RFC 3339 (its `time` line). */
  at: string;
  /** The base64 SHA-256 of the previous checkpoint's signed text (its `prev` line); none for the first. */
  prev?: string;
  /** Its name in the evidence store. */
  name: string;
}

/** One sealed event: its place in the log, its key (`chain#seq`) and the event as the stream delivered it. */
export interface SealedLeaf {
  logIndex: number;
  key: string;
  event: AuditEvent;
}

/** The sealed log as the registry keeps it. */
export interface LogStore {
  logHead(): Promise<LogHead | undefined>;
  /** Which of these event keys the log holds already. */
  sealedOf(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Writes the leaves and the head that follows them, all or nothing, if the head is still `expected` and
   * none of the events is sealed yet; false otherwise (read again and retry).
   */
  append(expected: LogHead | undefined, next: LogHead, leaves: readonly SealedLeaf[]): Promise<boolean>;
  /** The leaves with indexes in [from, to), in order. */
  leaves(from: number, to: number): Promise<SealedLeaf[]>;
  /** Moves the head's marks (copied, checkpoint, published) if the head is still `expected`; false otherwise. */
  advance(expected: LogHead, next: LogHead): Promise<boolean>;
}

/** The append-only evidence store (a bucket with Object Lock on AWS). */
export interface EvidenceStore {
  /** Writes an object unless one is there under that name already (then it is left as it is). */
  putOnce(name: string, body: string): Promise<void>;
  /** An object's text, or undefined. */
  read(name: string): Promise<string | undefined>;
}

/** Where sealed events go for the company's SIEM (EventBridge). */
export interface AuditFeed {
  /** Publishes up to 10 sealed events, retrying what the bus refused. */
  publish(leaves: readonly SealedLeaf[]): Promise<void>;
}

/** The trail as the sealer reads it itself. */
export type SealerTrail = Pick<AuditStore, 'chainRecords' | 'chainEventsBetween'>;

/** What the sealer runs with. */
export interface SealerContext {
  log: LogStore;
  evidence: EvidenceStore;
  signer: NoteSigner;
  feed: AuditFeed;
  /** The log's identity in its checkpoints. */
  origin: string;
  now(): Date;
}
