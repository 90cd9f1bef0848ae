import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, UpdateTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableDeclaration } from '../declarations/table.ts';

/**
 * Creates each declared table unless it exists; the CDK stack builds the same keys, indexes and stream. A
 * table of a data folder made before its stream was declared gets the stream turned on.
 */
export async function ensureTables(client: DynamoDBClient, tables: readonly { name: string; declaration: TableDeclaration }[]) {
  for (const { name, declaration } of tables) {
    const attributes = new Map<string, string>();
    const keys = [declaration.partitionKey, declaration.sortKey, ...declaration.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    for (const key of keys) attributes.set(key.name, key.type);
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' | 'N' })),
          KeySchema: [
            { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: declaration.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
          ...(declaration.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: declaration.stream } } : {}),
        }),
      );
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: declaration.timeToLiveAttribute, Enabled: true } }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (declaration.stream && !Table?.StreamSpecification?.StreamEnabled) {
        await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: declaration.stream } }));
      }
    }
  }
}
