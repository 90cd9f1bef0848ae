import type { AuditEntry } from '../audit/model.ts';
import type { Principal } from '../auth.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Versioned } from './model.ts';

/**
 * The audit entry of a change: who made it, in which roles, what it did to which entity, before and after, and
 * why.
 */
export function auditEntry(principal: Principal, action: string, entityType: string, entityId: string, before?: unknown, after?: unknown, reason?: string): AuditEntry {
  return { actor: principal.personId, actorRoles: principal.roles, action, entityType, entityId, before, after, reason };
}

/** The value, or a 404 naming what was not found. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NotFoundError(`${what} not found`);
  return value;
}

/** Optimistic concurrency: the caller says which version it read; anything else is a stale write. */
export function checkVersion(current: Versioned, expected: number | undefined): number {
  if (expected !== undefined && expected !== current.version) {
    throw new ConflictError(`stale version: you sent ${expected}, the current version is ${current.version}; read it again`);
  }
  return current.version;
}

/** An instant as the registry stores it (ISO 8601, UTC). */
export const stamp = (now: Date) => now.toISOString();

/** Applies a patch in which `null` clears a field and `undefined` leaves it. */
export function applyPatch<T extends object>(current: T, patch: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

/** Training is current through the whole of its expiry day. */
export const trainingCurrent = (person: { trainingExpiresAt?: string }, now: Date) =>
  person.trainingExpiresAt !== undefined && person.trainingExpiresAt >= now.toISOString().slice(0, 10);
