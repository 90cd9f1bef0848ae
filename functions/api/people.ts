import { accountsOfPerson } from '../../core/registry/accounts.ts';
import { listGrantsOfPerson } from '../../core/registry/grants.ts';
import { addPerson, getPerson, importPeople, listPeople, updatePerson } from '../../core/registry/people.ts';
import { apiHandler } from '../shared/api.ts';
import { registryContext } from '../shared/registry.ts';

const ctx = registryContext();

export const handler = apiHandler(ctx, {
  'GET /people': async ({ principal, query, page }) => ({ body: await listPeople(ctx, principal, { team: query.team, status: query.status }, page) }),
  'POST /people': async ({ principal, body }) => ({ status: 201, body: await addPerson(ctx, principal, body) }),
  'POST /people/import': async ({ principal, body }) => ({ body: await importPeople(ctx, principal, body) }),
  'GET /people/{personId}': async ({ principal, params }) => ({ body: await getPerson(ctx, principal, params.personId!) }),
  'PATCH /people/{personId}': async ({ principal, params, body, expectedVersion }) => ({ body: await updatePerson(ctx, principal, params.personId!, body, expectedVersion) }),
  'GET /people/{personId}/accounts': async ({ principal, params }) => ({ body: await accountsOfPerson(ctx, principal, params.personId!) }),
  'GET /people/{personId}/grants': async ({ principal, params }) => ({ body: { items: await listGrantsOfPerson(ctx, principal, params.personId!) } }),
});
