import * as z from 'zod';
import { type Principal, hasRole, requireRole } from '../auth.ts';
import { ForbiddenError, RuleViolationError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { applyPatch, auditEntry, checkVersion, found, stamp } from './common.ts';
import { personInput, personPatch, type Person } from './model.ts';
import type { RegistryContext } from './ports.ts';
import type { Page } from '../paging.ts';

const PEOPLE_READERS = ['admin', 'hr', 'auditor', 'approver', 'owner'] as const;

/** Adds a person (HR or the governance team; the first person of an empty registry adds themselves). */
export async function addPerson(ctx: RegistryContext, principal: Principal, body: unknown): Promise<Person> {
  requireRole(principal, 'admin', 'hr');
  const input = parseInput(personInput, body, 'person');
  if (principal.firstPerson && input.id !== principal.personId) throw new RuleViolationError(`the registry is empty: add yourself (${principal.personId}) first`);
  if (input.managerId) await requireManager(ctx, input.managerId, input.id);
  const at = stamp(ctx.now());
  const person: Person = { ...input, status: 'active', version: 1, createdAt: at, updatedAt: at };
  await ctx.store.commit({ writes: [{ type: 'person', item: person, expectedVersion: null }], audit: auditEntry(principal, 'person.created', 'person', person.id, undefined, person) });
  return person;
}

/**
 * Changes a person on the version the caller read; a change of status to departed goes through a departure
 * instead.
 */
export async function updatePerson(ctx: RegistryContext, principal: Principal, id: string, body: unknown, expectedVersion?: number): Promise<Person> {
  requireRole(principal, 'admin', 'hr');
  const patch = parseInput(personPatch, body, 'person changes');
  const current = found(await ctx.store.getPerson(id), `person ${id}`);
  checkVersion(current, expectedVersion);
  // A status change is a departure, which only the handover carries out: marked departed by hand, a leaver
  // would keep their grants, ownership and every login they knew.
  if (patch.status !== undefined && patch.status !== current.status) {
    throw new RuleViolationError(patch.status === 'departed' ? 'a departure goes through POST /departures (govern depart), so the handover runs' : 'a departed person returns as a new person record');
  }
  if (patch.managerId) await requireManager(ctx, patch.managerId, id);
  const next: Person = { ...applyPatch(current, patch), version: current.version + 1, updatedAt: stamp(ctx.now()) };
  await ctx.store.commit({
    writes: [{ type: 'person', item: next, expectedVersion: current.version, previous: current }],
    audit: auditEntry(principal, 'person.updated', 'person', id, current, next),
  });
  return next;
}

/** One person, for someone allowed to see them. */
export async function getPerson(ctx: RegistryContext, principal: Principal, id: string): Promise<Person> {
  if (principal.personId !== id && !hasRole(principal, ...PEOPLE_READERS)) throw new ForbiddenError('you may read only your own record');
  return found(await ctx.store.getPerson(id), `person ${id}`);
}

/** One page of people, by team and status. */
export async function listPeople(ctx: RegistryContext, principal: Principal, filter: { team?: string; status?: string }, page: { limit: number; next?: string }): Promise<Page<Person>> {
  requireRole(principal, ...PEOPLE_READERS);
  return ctx.store.listPeople(filter, page);
}

/**
 * An HR import's body: `{ people: [...] }` and nothing else, so an unknown key (`__proto__` and `constructor`
 * included) is refused. The rows are `row`: unknown where importPeople parses the body, since each row is
 * parsed on its own there (a bad row fails alone), and personInput in the OpenAPI document.
 */
export const peopleImport = <Row extends z.ZodType>(row: Row) =>
  z.strictObject({ people: z.array(row).min(1, 'an import is a list of 1 to 1000 people').max(1000, 'an import is a list of 1 to 1000 people') });

/** HR sync: creates new people, applies changes to known ones, reports each row; one bad row stops no other. */
export async function importPeople(ctx: RegistryContext, principal: Principal, body: unknown) {
  requireRole(principal, 'admin', 'hr');
  const { people: rows } = parseInput(peopleImport(z.unknown()), body, 'import');
  const results: { row: number; id?: string; outcome: 'created' | 'updated' | 'unchanged' | 'failed'; error?: string }[] = [];
  for (const [index, row] of rows.entries()) {
    const id = typeof row === 'object' && row !== null && typeof (row as { id?: unknown }).id === 'string' ? (row as { id: string }).id : undefined;
    try {
      const existing = id ? await ctx.store.getPerson(id) : undefined;
      if (!existing) {
        await addPerson(ctx, principal, row);
        results.push({ row: index + 1, id, outcome: 'created' });
        continue;
      }
      const { id: _id, ...changes } = parseInput(personInput, row, `row ${index + 1}`);
      const differs = Object.entries(changes).some(([k, v]) => (existing as unknown as Record<string, unknown>)[k] !== v);
      if (!differs) results.push({ row: index + 1, id, outcome: 'unchanged' });
      else {
        await updatePerson(ctx, principal, existing.id, changes, existing.version);
        results.push({ row: index + 1, id, outcome: 'updated' });
      }
    } catch (error) {
      results.push({ row: index + 1, id, outcome: 'failed', error: (error as Error).message });
    }
  }
  return { results, summary: Object.fromEntries(['created', 'updated', 'unchanged', 'failed'].map((o) => [o, results.filter((r) => r.outcome === o).length])) };
}

async function requireManager(ctx: RegistryContext, managerId: string, personId: string) {
  if (managerId === personId) throw new RuleViolationError('a person cannot be their own manager');
  const manager = await ctx.store.getPerson(managerId);
  if (!manager) throw new RuleViolationError(`manager ${managerId} is not in the registry`);
}
