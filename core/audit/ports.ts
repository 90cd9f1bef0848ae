import type { AuditEvent } from './model.ts';

/** What an auditor searches the trail by; every field narrows it. */
export interface AuditFilter {
  entity?: { type: string; id: string };
  actor?: string;
  action?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
}

/** The trail as the store keeps it (events are written by each change's commit, never alone). */
export interface AuditStore {
  /** Audit events about one entity, oldest first. */
  auditOf(entityType: string, entityId: string): Promise<AuditEvent[]>;
  /** The trail in order, or (with a filter) the events that match it: a page holds up to `limit` matches. */
  auditEvents(page: { limit: number; next?: string }, filter?: AuditFilter): Promise<{ items: AuditEvent[]; next?: string }>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
}

/** What the audit trail's search and check run with: the trail's store. */
export interface AuditContext {
  store: AuditStore;
}
