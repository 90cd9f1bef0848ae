import type { PeopleStore, RegistryWrite } from '../../core/registry/ports.ts';
import type { Person } from '../../core/registry/model.ts';
import { departedHolderKey, emailKey, personItem, personKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/** People: one item each, listed by team (gsi3) or by status (gsi4). */
export function peopleStore(table: RegistryTable): PeopleStore {
  return {
    getPerson: (id) => table.get<Person>(personKey(id)),
    listPeople(filter, page) {
      const byTeam = filter.team !== undefined;
      return table.query<Person>(
        {
          IndexName: byTeam ? 'gsi3' : 'gsi4',
          KeyConditionExpression: filter.status ? '#pk = :pk AND begins_with(#sk, :status)' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': byTeam ? 'gsi3pk' : 'gsi4pk', ...(filter.status ? { '#sk': byTeam ? 'gsi3sk' : 'gsi4sk' } : {}) },
          ExpressionAttributeValues: { ':pk': byTeam ? `PEOPLE#TEAM#${filter.team}` : 'PEOPLE', ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
        },
        page,
      );
    },
  };
}

/** A person's item, the claim on their email (moved when it changes), and the departed-holder marker once they leave. */
export function personSteps(table: RegistryTable, { item, previous, expectedVersion }: Extract<RegistryWrite, { type: 'person' }>): Step[] {
  const steps = [table.putVersioned(personItem(item), 'person', item.id, expectedVersion)];
  if (!previous || previous.email !== item.email) {
    steps.push(table.claim(emailKey(item.email), { personId: item.id }, conflicts.email(item.email)));
    if (previous) steps.push(table.release(emailKey(previous.email)));
  }
  // The single-point sweep visits departed people until nothing is left in their name.
  if (item.status === 'departed' && previous?.status !== 'departed') {
    steps.push(table.put({ ...departedHolderKey(item.id), entity: 'due-marker', personId: item.id, gsi5pk: 'DUE#DEPARTED_HOLDER', gsi5sk: `${item.updatedAt}#${item.id}` }));
  }
  return steps;
}

/** No write: the transaction fails unless the person is active with no departure on its way. */
export function assignableSteps(table: RegistryTable, { personId }: Extract<RegistryWrite, { type: 'assignable' }>): Step[] {
  // Whoever is handed something must not be leaving by the time it lands: a departure requested between the
  // check and this commit makes the commit fail, and the retry picks someone else.
  return [
    {
      item: { ConditionCheck: { TableName: table.name, Key: personKey(personId), ConditionExpression: '#status = :active AND attribute_not_exists(leavingAt)', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':active': 'active' } } },
      conflict: conflicts.assignable(personId),
    },
  ];
}
