import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxStore } from '../../core/messaging/outbox.ts';
import { registryTable } from '../../declarations/table.ts';
import { outboxKey } from './registry-keys.ts';
import type { RegistryTable } from './table.ts';

/** An outbox key outlives any retry or re-run of what sent it by far. */
const OUTBOX_KEEP_SECONDS = 180 * 86_400;

/** One item per email key: claimed before sending, marked sent after; a claim never marked sent goes stale. */
export function outboxStore(table: RegistryTable): OutboxStore {
  const entry = (key: string, claimedAt: number, sentAt?: number) => ({ ...outboxKey(key), entity: 'outbox', claimedAt, ...(sentAt !== undefined ? { sentAt } : {}), [registryTable.timeToLiveAttribute]: claimedAt + OUTBOX_KEEP_SECONDS });
  return {
    claimOutbox(key, staleAfterSeconds) {
      const now = table.epochSeconds();
      return table.conditionally(() =>
        table.client.send(
          new PutCommand({ TableName: table.name, Item: entry(key, now), ConditionExpression: 'attribute_not_exists(pk) OR (attribute_not_exists(sentAt) AND claimedAt < :stale)', ExpressionAttributeValues: { ':stale': now - staleAfterSeconds } }),
        ),
      );
    },
    async markOutboxSent(key) {
      const now = table.epochSeconds();
      await table.client.send(new PutCommand({ TableName: table.name, Item: entry(key, now, now) }));
    },
  };
}
