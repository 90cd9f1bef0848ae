import type { Finding } from '../../core/reviews/model.ts';
import type { FindingStore, ReviewWrite } from '../../core/reviews/ports.ts';
import { findingItem } from './registry-keys.ts';
import { withEquals, type RegistryTable, type Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/** Findings live in their account's partition and are listed by status (gsi4), of one kind by a filter. */
export function findingStore(table: RegistryTable): FindingStore {
  return {
    findingsOf: (accountId) => table.queryAll<Finding>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :finding)', ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':finding': 'FINDING#' }, ConsistentRead: true }),
    listFindings(status, page, code) {
      const key = { IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :status)', ExpressionAttributeValues: { ':pk': 'FINDINGS', ':status': `${status}#` } };
      if (code === undefined) return table.query<Finding>(key, page);
      return table.filteredPage<Finding>(withEquals(key, { code }), page, (finding) => {
        const { pk, sk, gsi4pk, gsi4sk } = findingItem(finding);
        return { pk, sk, gsi4pk, gsi4sk };
      });
    },
  };
}

/** A finding's item, conditioned on the status it was read in (or on being new): two sweeps never both open or close it. */
export function findingSteps(table: RegistryTable, { item, expectedStatus }: Extract<ReviewWrite, { type: 'finding' }>): Step[] {
  const condition = expectedStatus === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':status': expectedStatus } };
  return [{ item: { Put: { TableName: table.name, Item: findingItem(item), ...condition } }, conflict: conflicts.finding(item.id, item.accountId) }];
}
