import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { DueIndex } from '../../core/reviews/ports.ts';
import { departedHolderKey } from './registry-keys.ts';
import { encodeNext, type RegistryTable } from './table.ts';

/** The sparse due-date index (gsi5): `DUE#<kind>` partitions sorted by `dueAt#id`, written by the entities that fall due. */
export function dueIndex(table: RegistryTable): DueIndex {
  return {
    async dueBy(kind, date, page) {
      // Key-only projection: the sweep learns what is due and when; it reads the items it acts on itself.
      const { Items, LastEvaluatedKey } = await table.queryRaw(
        { IndexName: 'gsi5', KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk <= :until', ExpressionAttributeValues: { ':pk': `DUE#${kind}`, ':until': `${date}\uffff` }, ProjectionExpression: 'gsi5sk' },
        page,
      );
      const items = (Items ?? []).map((item) => {
        const sortKey = String(item.gsi5sk);
        const split = sortKey.lastIndexOf('#');
        return { dueAt: sortKey.slice(0, split), id: sortKey.slice(split + 1) };
      });
      return { items, next: encodeNext(LastEvaluatedKey) };
    },
    async clearDepartedHolder(personId) {
      await table.client.send(new DeleteCommand({ TableName: table.name, Key: departedHolderKey(personId) }));
    },
  };
}
