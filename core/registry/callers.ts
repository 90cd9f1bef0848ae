import { type Principal, hasRole } from '../auth.ts';
import { ForbiddenError } from '../errors.ts';
import { accountsOfPerson } from './accounts.ts';
import type { RegistryContext, RegistryStore } from './ports.ts';
import { isOnStaff } from './standing.ts';

/**
 * The one place that decides who an API caller is. A token proves who signed in, as the identity provider
 * saw it up to an hour ago; the registry says whether that person is still here. Every request reads the
 * person (one consistent GetItem) instead of caching them: a cache shared across Lambda instances would need
 * a read of its own to learn of a departure, which costs what it saves.
 */
export async function resolveCaller(store: Pick<RegistryStore, 'getPerson' | 'listPeople'>, claimed: Principal, now: Date): Promise<Principal> {
  const person = await store.getPerson(claimed.personId);
  if (!person) {
    // A new installation: the registry is empty, and only the first admin, adding themselves, can start it.
    if (hasRole(claimed, 'admin') && (await store.listPeople({}, { limit: 1 })).items.length === 0) return { personId: claimed.personId, roles: ['admin'], firstPerson: true };
    throw new ForbiddenError('you are not in the registry: ask HR or the governance team to add you');
  }
  if (!isOnStaff(person, now)) throw new ForbiddenError('you are no longer on staff: nothing can be done in your name');
  const allowed = person.roles;
  return { personId: person.id, roles: allowed ? claimed.roles.filter((role) => allowed.includes(role)) : claimed.roles };
}

/** `GET /me`: who the token says the caller is, their registry record (null before the first admin adds themselves), and their footprint. */
export async function whoAmI(ctx: RegistryContext, principal: Principal) {
  return { principal, person: (await ctx.store.getPerson(principal.personId)) ?? null, footprint: await accountsOfPerson(ctx, principal, principal.personId) };
}
