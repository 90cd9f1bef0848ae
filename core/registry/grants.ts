import { type Principal, hasRole } from '../auth.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { isOwnerOf } from './accounts.ts';
import { auditEntry, checkVersion, found, stamp, trainingCurrent } from './common.ts';
import { grantInput, revokeInput, revokedGrant, type Account, type Grant } from './model.ts';
import type { RegistryContext } from './ports.ts';

/** The governance team manages every access list; an account's owner manages its own. */
function requireAccessManager(principal: Principal, account: Account) {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'owner') && isOwnerOf(principal, account)) return;
  throw new ForbiddenError('only the governance team or the account owner may manage its access list');
}

/** A grant counts while it is active and before its expiry: an expired grant is dead even before the sweep revokes it. */
export const isLive = (grant: Grant, now: Date) => grant.status === 'active' && (grant.expiresAt === undefined || grant.expiresAt > now.toISOString());

/** Grants a role on an active account to an active, trained person who holds no live grant there yet. */
export async function grantAccess(ctx: RegistryContext, principal: Principal, accountId: string, body: unknown): Promise<Grant> {
  const input = parseInput(grantInput, body, 'grant');
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  requireAccessManager(principal, account);
  if (account.status !== 'active') throw new RuleViolationError(`access can be granted only on an active account (this one is ${account.status})`);
  const person = await ctx.store.getPerson(input.personId);
  if (!person) throw new RuleViolationError(`person ${input.personId} is not in the registry`);
  if (person.status !== 'active') throw new RuleViolationError(`person ${input.personId} has departed`);
  const now = ctx.now();
  if (!trainingCurrent(person, now)) throw new RuleViolationError(`person ${input.personId} has no current social media training`);
  if (input.expiresAt !== undefined && input.expiresAt <= now.toISOString()) throw new RuleViolationError('expiresAt must be in the future');
  const existing = (await ctx.store.grantsOfAccount(accountId)).find((g) => g.personId === input.personId && isLive(g, now));
  if (existing) throw new ConflictError(`person ${input.personId} already holds grant ${existing.id} on this account`);
  const at = stamp(now);
  const grant: Grant = { ...input, id: ctx.newId('gr'), accountId, grantedBy: principal.personId, status: 'active', version: 1, createdAt: at, updatedAt: at };
  await ctx.store.commit({ writes: [{ type: 'grant', item: grant, expectedVersion: null }], audit: auditEntry(principal, 'grant.created', 'grant', grant.id, undefined, grant, input.reason) });
  return grant;
}

/** The governance team or the account's owner ends a grant, optimistic on `expectedVersion`. */
export async function revokeGrant(ctx: RegistryContext, principal: Principal, accountId: string, grantId: string, body: unknown, expectedVersion?: number): Promise<Grant> {
  const { reason } = parseInput(revokeInput, body, 'revocation');
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  requireAccessManager(principal, account);
  const current = found((await ctx.store.grantsOfAccount(accountId)).find((g) => g.id === grantId), `grant ${grantId}`);
  if (current.status === 'revoked') throw new RuleViolationError('the grant is already revoked');
  checkVersion(current, expectedVersion);
  const at = stamp(ctx.now());
  const next = revokedGrant(current, { by: principal.personId, reason, at });
  await ctx.store.commit({ writes: [{ type: 'grant', item: next, expectedVersion: current.version }], audit: auditEntry(principal, 'grant.revoked', 'grant', grantId, current, next, reason) });
  return next;
}

/** An account's access list, ended grants included, for the governance team, auditors and its owner. */
export async function listGrantsOfAccount(ctx: RegistryContext, principal: Principal, accountId: string): Promise<Grant[]> {
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  if (!hasRole(principal, 'admin', 'auditor') && !(hasRole(principal, 'owner') && isOwnerOf(principal, account))) {
    throw new ForbiddenError('only the governance team, auditors and the account owner may read its access list');
  }
  return ctx.store.grantsOfAccount(accountId);
}

/** A person's grants, ended ones included: their own, or anyone's for the governance team, HR and auditors. */
export async function listGrantsOfPerson(ctx: RegistryContext, principal: Principal, personId: string): Promise<Grant[]> {
  if (principal.personId !== personId && !hasRole(principal, 'admin', 'hr', 'auditor')) throw new ForbiddenError('you may read only your own grants');
  return ctx.store.grantsOfPerson(personId);
}
