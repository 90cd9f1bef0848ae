import type { Page, PageRequest } from '../paging.ts';
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
export type ChainRecord = { chain: string; event: AuditEvent } | { chain: string; head: ChainHead };

/** The trail as the store keeps it (events are written by each change's commit, never alone). */
export interface AuditStore {
  /** Audit events about one entity, oldest first. */
  auditOf(entityType: string, entityId: string): Promise<AuditEvent[]>;
  /** The trail in time order, or (with a filter) the events that match it: a page holds up to `limit` matches. */
  auditEvents(page: PageRequest, filter?: AuditFilter): Promise<Page<AuditEvent>>;
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

/** What the audit trail's search and check run with: the trail's store. */
export interface AuditContext {
  store: AuditStore;
}
