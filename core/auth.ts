import { ForbiddenError } from './errors.ts';

/**
 * Who is calling, as the JWT authorizer vouched for it and the registry confirmed (core/registry/callers.ts). Roles: admin (governance team), owner (their own
 * accounts), approver, auditor (read-only, audit), hr (people and departures), employee (requests access).
 */
export const roles = ['admin', 'owner', 'approver', 'auditor', 'hr', 'employee'] as const;
/** One of the roles a token may carry and the registry may allow. */
export type Role = (typeof roles)[number];

/** The actor of a call: a person and the roles both their token and the registry grant them. */
export interface Principal {
  readonly personId: string;
  readonly roles: readonly Role[];
  /** The caller is the first person of an empty registry, admitted only to add themselves. */
  readonly firstPerson?: true;
}

/** Whether the principal holds any of the roles. */
export const hasRole = (principal: Principal, ...wanted: Role[]) => wanted.some((role) => principal.roles.includes(role));

/** Throws 403 unless the principal holds one of the roles. */
export function requireRole(principal: Principal, ...wanted: Role[]): void {
  if (!hasRole(principal, ...wanted)) {
    throw new ForbiddenError(`this needs one of the roles: ${wanted.join(', ')}`);
  }
}

/**
 * Reads the principal from API Gateway JWT claims. HTTP APIs pass every claim as a string and flatten an
 * array claim to "[a b]"; both that and a JSON array or space-separated list are accepted.
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | undefined {
  if (!claims) return undefined;
  const personId = typeof claims.steward_person === 'string' ? claims.steward_person : claims.sub;
  if (typeof personId !== 'string' || personId === '') return undefined;
  const raw = claims.steward_roles;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  const granted = list.filter((r): r is Role => (roles as readonly string[]).includes(r));
  return { personId, roles: granted };
}

/** Steward itself, as the actor of what its workflows do on their own (deadlines, handover steps). */
export const STEWARD: Principal = { personId: 'steward', roles: [] };

/** The HR system, as the actor of the departures it sends through EventBridge (the audit trail names it so). */
export const HR_SYSTEM: Principal = { personId: 'hr-system', roles: ['hr'] };
