import type { GrantStore, RegistryWrite } from '../../core/registry/ports.ts';
import type { Exposure, Grant } from '../../core/registry/model.ts';
import { exposureItem, grantItem, grantKey, holderKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/** Grants live in their account's partition and are listed by person through gsi1; exposures (logins a person has seen) in the person's. */
export function grantStore(table: RegistryTable): GrantStore {
  return {
    grantsOfAccount: (accountId) => table.queryAll<Grant>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :grant)', ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':grant': 'GRANT#' } }),
    getGrant: (accountId, grantId) => table.get<Grant>(grantKey(accountId, grantId)),
    grantsOfPerson: (personId) => table.queryAll<Grant>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :grant)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':grant': 'GRANT#' } }),
    exposuresOf: (personId) => table.queryAll<Exposure>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :exposure)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':exposure': 'EXPOSURE#' } }),
  };
}

/** A grant's item and its holder claim: one live grant per person and account, taken at creation, let go at revocation. */
export function grantSteps(table: RegistryTable, { item, expectedVersion }: Extract<RegistryWrite, { type: 'grant' }>): Step[] {
  const steps = [table.putVersioned(grantItem(item), 'grant', item.id, expectedVersion)];
  if (expectedVersion === null) {
    // Holds even under concurrent requests; an expired grant's claim may be taken over.
    steps.push({
      item: {
        Put: {
          TableName: table.name,
          Item: { ...holderKey(item.accountId, item.personId), grantId: item.id, expiresAt: item.expiresAt ?? '9999' },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': table.now().toISOString() },
        },
      },
      conflict: conflicts.holder(item.personId, item.accountId),
    });
  } else if (item.status === 'revoked') {
    steps.push(table.release(holderKey(item.accountId, item.personId)));
  }
  return steps;
}

/** An exposure is a fact, written as it is. */
export const exposureSteps = (table: RegistryTable, { item }: Extract<RegistryWrite, { type: 'exposure' }>): Step[] => [table.put(exposureItem(item))];
