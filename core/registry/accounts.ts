import { type Principal, hasRole, requireRole } from '../auth.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { applyPatch, auditEntry, checkVersion, found, stamp } from './common.ts';
import { accountFilter, accountInput, accountPatch, retireInput, revokedGrant, type Account, type AccountInput } from './model.ts';
import type { RegistryWrite, RegistryContext } from './ports.ts';
import type { Page } from '../paging.ts';

/** Fields an account's owner may change; the rest (ownership, risk, status) is the governance team's. */
const OWNER_EDITABLE = new Set(['handle', 'displayName', 'url', 'purpose', 'brandKitRef', 'lastBrandAuditAt', 'platformControl', 'policies']);

/** Whether the caller is the account's owner: owners manage their own accounts' details and access lists. */
export const isOwnerOf = (principal: Principal, account: Account) => account.ownerId === principal.personId;

async function requireActivePerson(ctx: RegistryContext, id: string, role: string) {
  const person = await ctx.store.getPerson(id);
  if (!person) throw new RuleViolationError(`${role} ${id} is not in the registry`);
  if (person.status !== 'active') throw new RuleViolationError(`${role} ${id} has departed`);
}

/**
 * Checks the people and policies an account names. On an update only what the change touches is checked, so
 * an account whose owner has just left can still be edited (and handed to someone else).
 */
async function checkPeopleAndPolicies(ctx: RegistryContext, account: Pick<Account, 'ownerId' | 'backupOwnerId' | 'policies'>, changed?: Partial<Record<'ownerId' | 'backupOwnerId' | 'policies', unknown>>) {
  const touched = (field: 'ownerId' | 'backupOwnerId' | 'policies') => changed === undefined || changed[field] !== undefined;
  if (account.backupOwnerId !== undefined && account.backupOwnerId === account.ownerId) throw new RuleViolationError('the backup owner must be someone other than the owner');
  if (touched('ownerId')) await requireActivePerson(ctx, account.ownerId, 'owner');
  if (touched('backupOwnerId') && account.backupOwnerId !== undefined) await requireActivePerson(ctx, account.backupOwnerId, 'backup owner');
  if (touched('policies')) {
    for (const link of account.policies) {
      if (!(await ctx.store.getPolicy(link.policyId))) throw new RuleViolationError(`policy ${link.policyId} is not in the registry`);
    }
  }
}

/**
 * A new account record from checked input: its people active, its policies known, its platform account not
 * in the registry yet. Nothing is written. A proposal is checked too, so a duplicate is refused before anyone
 * spends an approval on it; the commit's claim on the platform id still refuses a duplicate that races this.
 */
export async function newAccountRecord(ctx: RegistryContext, input: AccountInput, id: string): Promise<Account> {
  const holder = await ctx.store.accountIdOfPlatformAccount(input.platform, input.platformAccountId);
  if (holder) throw new ConflictError(`${input.platform} account ${input.platformAccountId} is already in the registry, as ${holder}`);
  await checkPeopleAndPolicies(ctx, input);
  const at = stamp(ctx.now());
  return { ...input, id, version: 1, createdAt: at, updatedAt: at };
}

/** The governance team adds an account directly, with no approval (proposals go through `requestAccount`). */
export async function addAccount(ctx: RegistryContext, principal: Principal, body: unknown): Promise<Account> {
  requireRole(principal, 'admin');
  const account = await newAccountRecord(ctx, parseInput(accountInput, body, 'account'), ctx.newId('acc'));
  await ctx.store.commit({ writes: [{ type: 'account', item: account, expectedVersion: null }], audit: auditEntry(principal, 'account.created', 'account', account.id, undefined, account) });
  return account;
}

/** Changes an account, optimistic on `expectedVersion`; an owner may change only `OWNER_EDITABLE` fields, and never a retired account. */
export async function updateAccount(ctx: RegistryContext, principal: Principal, id: string, body: unknown, expectedVersion?: number): Promise<Account> {
  const patch = parseInput(accountPatch, body, 'account changes');
  const current = found(await ctx.store.getAccount(id), `account ${id}`);
  if (!hasRole(principal, 'admin')) {
    if (!(hasRole(principal, 'owner') && isOwnerOf(principal, current))) throw new ForbiddenError('only the governance team or the account owner may change an account');
    const forbidden = Object.keys(patch).filter((k) => !OWNER_EDITABLE.has(k));
    if (forbidden.length > 0) throw new ForbiddenError(`only the governance team may change: ${forbidden.join(', ')}`);
  }
  if (current.status === 'retired') throw new RuleViolationError('a retired account cannot be changed');
  checkVersion(current, expectedVersion);
  const next: Account = { ...applyPatch(current, patch), version: current.version + 1, updatedAt: stamp(ctx.now()) };
  await checkPeopleAndPolicies(ctx, next, patch);
  await ctx.store.commit({ writes: [{ type: 'account', item: next, expectedVersion: current.version, previous: current }], audit: auditEntry(principal, 'account.updated', 'account', id, current, next) });
  return next;
}

/** Retiring ends every active grant on the account in the same transaction. */
export async function retireAccount(ctx: RegistryContext, principal: Principal, id: string, body: unknown, expectedVersion?: number): Promise<Account> {
  requireRole(principal, 'admin');
  const { reason } = parseInput(retireInput, body, 'retirement');
  const current = found(await ctx.store.getAccount(id), `account ${id}`);
  if (current.status === 'retired') throw new RuleViolationError('the account is already retired');
  checkVersion(current, expectedVersion);
  const at = stamp(ctx.now());
  const next: Account = { ...current, status: 'retired', retiredAt: at, retiredReason: reason, version: current.version + 1, updatedAt: at };
  const grants = (await ctx.store.grantsOfAccount(id)).filter((g) => g.status === 'active');
  const revoked: RegistryWrite[] = grants.map((g) => ({
    type: 'grant',
    item: revokedGrant(g, { by: principal.personId, reason: `account retired: ${reason}`, at }),
    expectedVersion: g.version,
  }));
  await ctx.store.commit({
    writes: [{ type: 'account', item: next, expectedVersion: current.version, previous: current }, ...revoked],
    audit: auditEntry(principal, 'account.retired', 'account', id, current, { ...next, revokedGrants: grants.map((g) => g.id) }, reason),
  });
  return next;
}

/** A linked policy as it stands: the version the account was linked to, and the version in force now. */
export interface PolicyInForce {
  policyId: string;
  title?: string;
  linkedVersion: string;
  versionInForce?: string;
  documentUrl?: string;
  nextReviewAt?: string;
}

/** An account with its linked policies as they stand now (a policy review may have published a new version). */
export async function getAccount(ctx: RegistryContext, _principal: Principal, id: string): Promise<Account & { policiesInForce: PolicyInForce[] }> {
  const account = found(await ctx.store.getAccount(id), `account ${id}`);
  const policiesInForce = await Promise.all(
    account.policies.map(async ({ policyId, version }): Promise<PolicyInForce> => {
      const policy = await ctx.store.getPolicy(policyId);
      return { policyId, linkedVersion: version, ...(policy ? { title: policy.title, versionInForce: policy.documentVersion, documentUrl: policy.documentUrl, nextReviewAt: policy.nextReviewAt } : {}) };
    }),
  );
  return { ...account, policiesInForce };
}

/** Accounts by the list's filters, a page at a time; anyone signed in may read the registry's accounts. */
export async function listAccounts(ctx: RegistryContext, _principal: Principal, filter: Record<string, string | undefined>, page: { limit: number; next?: string }): Promise<Page<Account>> {
  return ctx.store.listAccounts(parseInput(accountFilter, filter, 'accounts filter'), page);
}

/** A person's footprint: what they own, back up, hold a grant on, and which logins they know or saw. */
export async function accountsOfPerson(ctx: RegistryContext, principal: Principal, personId: string) {
  if (principal.personId !== personId && !hasRole(principal, 'admin', 'hr', 'auditor')) throw new ForbiddenError('you may read only your own footprint');
  const [roles, grants, exposures] = await Promise.all([ctx.store.accountRolesOf(personId), ctx.store.grantsOfPerson(personId), ctx.store.exposuresOf(personId)]);
  const active = grants.filter((g) => g.status === 'active');
  return {
    personId,
    owned: roles.owned,
    backup: roles.backup,
    granted: active.map((g) => ({ accountId: g.accountId, grantId: g.id, role: g.role, credentialAccess: g.credentialAccess })),
    credentialKnown: [...new Set([...active.filter((g) => g.credentialAccess).map((g) => g.accountId), ...exposures.map((e) => e.accountId)])].sort(),
  };
}
