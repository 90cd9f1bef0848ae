import { type Principal, hasRole } from '../auth.ts';
import { ForbiddenError, RuleViolationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { isOwnerOf } from './accounts.ts';
import { auditEntry, found, stamp, trainingCurrent } from './common.ts';
import { isLive } from './grants.ts';
import { isOnStaff } from './standing.ts';
import { exposureWrite } from './exposures.ts';
import { credentialInput, revealInput, type Account, type CredentialInput } from './model.ts';
import type { RegistryContext } from './ports.ts';

/**
 * Shared logins. The value goes to the vault (Secrets Manager) and back to a caller allowed to reveal it;
 * the registry keeps only a reference (secret ARN, version, who set it when). Nothing here logs, stores or
 * audits a value.
 */
export async function setCredential(ctx: RegistryContext, principal: Principal, accountId: string, body: unknown, requestId: string): Promise<Account> {
  const value = parseInput(credentialInput, body, 'credential');
  const current = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  if (!hasRole(principal, 'admin') && !(hasRole(principal, 'owner') && isOwnerOf(principal, current))) {
    throw new ForbiddenError('only the governance team or the account owner may set its login');
  }
  if (current.status === 'retired') throw new RuleViolationError('a retired account has no login to set');
  const { secretArn, versionId } = await ctx.vault.put(accountId, value, requestId);
  const at = stamp(ctx.now());
  const next: Account = { ...current, credential: { secretArn, versionId, setAt: at, setBy: principal.personId }, version: current.version + 1, updatedAt: at };
  // Setting a value is knowing it: the setter is exposed, and their departure rotates it.
  const exposure = await exposureWrite(ctx.store, { personId: principal.personId, accountId, versionId, way: 'set', at });
  await ctx.store.commit({
    writes: [{ type: 'account', item: next, expectedVersion: current.version, previous: current }, exposure],
    audit: auditEntry(principal, 'credential.set', 'account', accountId, current.credential ?? null, next.credential),
  });
  return next;
}

/**
 * Reveal: allowed only to an active person holding a live grant with the credential right and current
 * training. The exposure and the audit event are committed before the value is returned, so no reveal goes
 * unrecorded.
 */
export async function revealCredential(ctx: RegistryContext, principal: Principal, accountId: string, body: unknown): Promise<CredentialInput> {
  const { reason } = parseInput(revealInput, body, 'reveal');
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  const now = ctx.now();
  const person = await ctx.store.getPerson(principal.personId);
  if (!isOnStaff(person, now)) throw new ForbiddenError('only active staff may reveal a login');
  const grant = (await ctx.store.grantsOfAccount(accountId)).find((g) => g.personId === person.id && isLive(g, now));
  if (!grant) throw new ForbiddenError('you hold no active grant on this account');
  if (!grant.credentialAccess) throw new ForbiddenError('your grant does not include the shared login');
  if (!trainingCurrent(person, now)) throw new ForbiddenError('your social media training is not current');
  if (!account.credential) throw new RuleViolationError('no login has been stored for this account');
  const value = await ctx.vault.get(account.credential.secretArn);
  const at = stamp(now);
  const exposure = await exposureWrite(ctx.store, { personId: person.id, accountId, versionId: account.credential.versionId, way: 'reveal', at });
  await ctx.store.commit({
    writes: [exposure],
    audit: auditEntry(principal, 'credential.revealed', 'account', accountId, undefined, { grantId: grant.id, versionId: account.credential.versionId }, reason),
  });
  return value;
}
