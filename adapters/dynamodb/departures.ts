import type { AccountResult, DepartureCase, DepartureSummary } from '../../core/handover/model.ts';
import type { DepartureStore, HandoverWrite } from '../../core/handover/ports.ts';
import { departureItem, departureKey, departureResultItem, departureResultKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/** Departure cases: the summary and one result per account share the case's partition; open control tasks are listed by assignee (gsi1). */
export function departureStore(table: RegistryTable): DepartureStore {
  return {
    async getDeparture(id, accountIds) {
      if (accountIds) {
        const summary = await table.get<DepartureSummary>(departureKey(id));
        if (!summary) return undefined;
        const results = await Promise.all(accountIds.map((accountId) => table.get<AccountResult>(departureResultKey(id, accountId))));
        return { ...summary, accounts: Object.fromEntries(results.filter((r): r is AccountResult => r !== undefined).map((r) => [r.accountId, r])) } as DepartureCase;
      }
      const items = await table.queryAll<Record<string, unknown>>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DEPARTURE#${id}` }, ConsistentRead: true });
      // entityOf strips the keys, so the kind of item is told by its fields: results carry relations.
      const summary = items.find((item) => !('relations' in item)) as DepartureSummary | undefined;
      if (!summary) return undefined;
      const results = items.filter((item) => 'relations' in item) as unknown as AccountResult[];
      return { ...summary, accounts: Object.fromEntries(results.map((r) => [r.accountId, r])) } as DepartureCase;
    },
    listDepartures: (page) => table.query<DepartureSummary>({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'DEPARTURES' }, ScanIndexForward: false }, page),
    openTasksOf: (personId) => table.queryAll<{ caseId: string; accountId: string }>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `TASKS#${personId}` }, ProjectionExpression: 'caseId, accountId' }),
  };
}

/** A case's summary, versioned. */
export const departureSteps = (table: RegistryTable, { item, expectedVersion }: Extract<HandoverWrite, { type: 'departure' }>): Step[] => [table.putVersioned(departureItem(item), 'departure', item.id, expectedVersion)];

/** One account's result in a case, conditioned on its revision (steps about different accounts never clash). */
export function departureResultSteps(table: RegistryTable, { caseId, item, expectedRevision }: Extract<HandoverWrite, { type: 'departure-result' }>): Step[] {
  const condition = expectedRevision === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'revision = :r', ExpressionAttributeValues: { ':r': expectedRevision } };
  return [{ item: { Put: { TableName: table.name, Item: departureResultItem(caseId, item), ...condition } }, conflict: conflicts.departureResult(item.accountId, caseId) }];
}
