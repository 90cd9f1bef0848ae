import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { chunk } from '../../core/batches.ts';
import { canonicalJson } from '../../core/audit/chain.ts';
import type { LogHead, LogStore, SealedLeaf } from '../../core/audit/ports.ts';
import { LOG_HEAD_KEY, logLeafItem, logLeafKey, LOG_LEAVES_PER_PARTITION, seq12, sealedMarkItem, sealedMarkKey } from './registry-keys.ts';
import type { RegistryTable } from './table.ts';

/** The head as stored: the head, and a digest of it that the next write is conditioned on. */
const headItem = (head: LogHead) => ({ ...LOG_HEAD_KEY, entity: 'audit-log-head', head, digest: digestOf(head) });
const digestOf = (head: LogHead) => createHash('sha256').update(canonicalJson(head)).digest('base64');

/**
 * The sealed log in the registry table: its head (`AUDITLOG / HEAD`), its leaves in partitions of 100,000
 * (`AUDITLOG#<block> / LEAF#<index>`, so no partition takes every write), and a sealed mark beside each event
 * in its chain's partition (`AUDIT#type/id / SEALED#<seq>`). An append is one transaction: the head,
 * conditioned on a digest of the head it read, and each leaf and mark, conditioned on not being there.
 */
export function auditLogStore(table: RegistryTable): LogStore {
  const headPut = (expected: LogHead | undefined, next: LogHead) => ({
    Put: {
      TableName: table.name,
      Item: headItem(next),
      ConditionExpression: expected ? 'digest = :digest' : 'attribute_not_exists(pk)',
      ExpressionAttributeValues: expected ? { ':digest': digestOf(expected) } : undefined,
    },
  });
  const refused = (error: unknown) => error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r?.Code === 'ConditionalCheckFailed' || r?.Code === 'TransactionConflict');

  return {
    async logHead() {
      return (await table.get<{ head: LogHead }>(LOG_HEAD_KEY))?.head;
    },
    async sealedOf(keys) {
      const marks = await table.getMany([...new Set(keys)].map(sealedMarkKey));
      return new Set(marks.map((item) => item.key as string));
    },
    async append(expected, next, leaves) {
      const newItems = leaves.flatMap((leaf) => [logLeafItem(leaf), sealedMarkItem(leaf.key, leaf.logIndex)]);
      const items = [headPut(expected, next), ...newItems.map((Item) => ({ Put: { TableName: table.name, Item, ConditionExpression: 'attribute_not_exists(pk)' } }))];
      try {
        await table.client.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (error) {
        if (refused(error)) return false;
        throw error;
      }
    },
    async leaves(from, to) {
      const leaves: SealedLeaf[] = [];
      for (let block = Math.floor(from / LOG_LEAVES_PER_PARTITION); block * LOG_LEAVES_PER_PARTITION < to; block++) {
        const key = logLeafKey(block * LOG_LEAVES_PER_PARTITION);
        leaves.push(
          ...(await table.queryAll<SealedLeaf>({
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': key.pk, ':from': `LEAF#${seq12(Math.max(from, block * LOG_LEAVES_PER_PARTITION))}`, ':to': `LEAF#${seq12(Math.min(to, (block + 1) * LOG_LEAVES_PER_PARTITION) - 1)}` },
            ConsistentRead: true,
          })),
        );
      }
      return leaves;
    },
    advance: (expected, next) => table.conditionally(() => table.client.send(new PutCommand(headPut(expected, next).Put))),
  };
}
