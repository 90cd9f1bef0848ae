import { eachPage } from '../paging.ts';
import type { Person } from './model.ts';
import type { RegistryStore } from './ports.ts';

/**
 * A person's standing, decided here for every path: who may act (sign in, decide, confirm, open a link) and
 * who may be given something to hold or do (ownership, a task, a review, an approval stage, custody).
 */

/** On staff now: active, and any departure on its way not yet effective. */
export const isOnStaff = (person: Person | undefined, now: Date): person is Person =>
  person?.status === 'active' && (person.leavingAt === undefined || person.leavingAt > now.toISOString());

/** May be given anything: active, with no departure on its way (a leaver is handed nothing, even before they go). */
export const isAssignable = (person: Person | undefined): person is Person => person?.status === 'active' && person.leavingAt === undefined;

/**
 * The first of the candidates who may be given something, else the first assignable member of the fallback
 * team (the governance team): who takes over, is tasked, reviews or keeps custody when the obvious person
 * cannot. Undefined only when nobody at all is left.
 */
export async function firstAssignable(store: Pick<RegistryStore, 'getPerson' | 'listPeople'>, candidates: readonly (string | undefined)[], fallbackTeam: string | undefined, exclude: ReadonlySet<string> = new Set()): Promise<string | undefined> {
  for (const id of candidates) {
    if (!id || exclude.has(id)) continue;
    if (isAssignable(await store.getPerson(id))) return id;
  }
  if (!fallbackTeam) return undefined;
  let chosen: string | undefined;
  await eachPage(
    (page) => store.listPeople({ team: fallbackTeam, status: 'active' }, page),
    (people) => void (chosen ??= people.find((person) => isAssignable(person) && !exclude.has(person.id))?.id),
    { enough: () => chosen !== undefined },
  );
  return chosen;
}
