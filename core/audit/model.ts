/** What a change of state (or a reveal) records: who did what to which entity, before and after, and why. */
export interface AuditEntry {
  actor: string;
  actorRoles: readonly string[];
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/**
 * An audit entry as the trail keeps it: sealed with its place in its subject's chain (`seq` counts that
 * subject's events), the previous event's hash and its own.
 */
export interface AuditEvent extends AuditEntry {
  /**
   * Every item the change wrote, as `type/id@version` (or `type/id` for what has no version): one event
   * per change, and this says which states it made, so "each state has exactly one event" can be checked.
   */
  changes?: string[];
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** Where a chain ends: its last event's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}
