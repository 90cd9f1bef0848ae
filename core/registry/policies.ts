import { type Principal, hasRole, requireRole } from '../auth.ts';
import { ForbiddenError, RuleViolationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { applyPatch, auditEntry, checkVersion, found, stamp } from './common.ts';
import { policyInput, policyPatch, type Policy } from './model.ts';
import type { RegistryContext } from './ports.ts';
import type { Page } from '../paging.ts';

/** Adds a policy (governance team) with its review date. */
export async function addPolicy(ctx: RegistryContext, principal: Principal, body: unknown): Promise<Policy> {
  requireRole(principal, 'admin');
  const input = parseInput(policyInput, body, 'policy');
  if (!(await ctx.store.getPerson(input.ownerId))) throw new RuleViolationError(`owner ${input.ownerId} is not in the registry`);
  const at = stamp(ctx.now());
  const policy: Policy = { ...input, version: 1, createdAt: at, updatedAt: at };
  await ctx.store.commit({ writes: [{ type: 'policy', item: policy, expectedVersion: null }], audit: auditEntry(principal, 'policy.created', 'policy', policy.id, undefined, policy) });
  return policy;
}

/** Changes a policy on the version the caller read. */
export async function updatePolicy(ctx: RegistryContext, principal: Principal, id: string, body: unknown, expectedVersion?: number): Promise<Policy> {
  const patch = parseInput(policyPatch, body, 'policy changes');
  const current = found(await ctx.store.getPolicy(id), `policy ${id}`);
  if (!hasRole(principal, 'admin') && current.ownerId !== principal.personId) throw new ForbiddenError('only the governance team or the policy owner may change a policy');
  checkVersion(current, expectedVersion);
  if (patch.ownerId && !(await ctx.store.getPerson(patch.ownerId))) throw new RuleViolationError(`owner ${patch.ownerId} is not in the registry`);
  const next: Policy = { ...applyPatch(current, patch), version: current.version + 1, updatedAt: stamp(ctx.now()) };
  await ctx.store.commit({ writes: [{ type: 'policy', item: next, expectedVersion: current.version }], audit: auditEntry(principal, 'policy.updated', 'policy', id, current, next) });
  return next;
}

/** One policy. */
export async function getPolicy(ctx: RegistryContext, _principal: Principal, id: string): Promise<Policy> {
  return found(await ctx.store.getPolicy(id), `policy ${id}`);
}

/** One page of policies. */
export async function listPolicies(ctx: RegistryContext, _principal: Principal, page: { limit: number; next?: string }): Promise<Page<Policy>> {
  return ctx.store.listPolicies(page);
}
