import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ParkedTask, ParkedTaskStore } from '../../core/waits/parked-tasks.ts';

/**
 * Parked tasks live at `pk = PARKED#<key>`, `sk = PARKED`. Workflows that look a token up themselves
 * (the canary's auto callback) address the same key, so change both together.
 */
export const parkedTaskKey = (key: string) => ({ pk: `PARKED#${key}`, sk: 'PARKED' });

/** Parked task tokens of the canary workflow, in the registry table: the first token parked under a key stays. */
export class DynamoParkedTaskStore implements ParkedTaskStore {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async putIfAbsent(task: ParkedTask): Promise<ParkedTask> {
    const { client, tableName } = this.options;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...parkedTaskKey(task.key), ...task },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return task;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await client.send(
        new GetCommand({ TableName: tableName, Key: parkedTaskKey(task.key), ConsistentRead: true }),
      );
      return existing.Item as ParkedTask;
    }
  }
}
