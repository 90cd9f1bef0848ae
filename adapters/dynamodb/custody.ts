import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { CustodyStore, RotationLockStore, RotationWrite } from '../../core/rotation/ports.ts';
import { registryTable } from '../../declarations/table.ts';
import { custodyKey, custodyTaskItem, rotationLockKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';

/** Custody tasks (a login someone must change by hand), listed by custodian while open. */
export function custodyStore(table: RegistryTable): CustodyStore {
  return {
    getCustodyTask: (id) => table.get<CustodyTask>(custodyKey(id)),
    openCustodyTasksOf: (personId) => table.queryAll<CustodyTask>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTODIAN#${personId}` } }),
  };
}

/** A custody task's item, versioned. */
export const custodyTaskSteps = (table: RegistryTable, { item, expectedVersion }: Extract<RotationWrite, { type: 'custody-task' }>): Step[] => [table.putVersioned(custodyTaskItem(item), 'custody task', item.id, expectedVersion)];

/**
 * One rotation of an account's login at a time: a lock item with a deadline (and a TTL past it). The holder
 * may take it again; anyone may take it once its deadline passed (its holder crashed).
 */
export function rotationLockStore(table: RegistryTable): RotationLockStore {
  return {
    acquireRotationLock(accountId, token, ttlSeconds) {
      const now = table.epochSeconds();
      const until = now + ttlSeconds;
      return table.conditionally(() =>
        table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...rotationLockKey(accountId), entity: 'rotation-lock', token, lockedUntil: until, [registryTable.timeToLiveAttribute]: until },
            ConditionExpression: 'attribute_not_exists(pk) OR #token = :token OR lockedUntil < :now',
            ExpressionAttributeNames: { '#token': 'token' },
            ExpressionAttributeValues: { ':token': token, ':now': now },
          }),
        ),
      );
    },
    async releaseRotationLock(accountId, token) {
      // Not ours (or gone): nothing to release.
      await table.conditionally(() =>
        table.client.send(new DeleteCommand({ TableName: table.name, Key: rotationLockKey(accountId), ConditionExpression: '#token = :token', ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':token': token } })),
      );
    },
  };
}
