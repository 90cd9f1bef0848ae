/**
 * The registry table, declared once. The CDK stack and the local cloud both build their table from this object,
 * so a key or index added here exists in both places or in neither.
 *
 * Single-table design: every entity (account, person, grant, policy, audit event, parked task, ...) shares one
 * table with generic keys. The three overloaded global secondary indexes serve the access patterns the
 * registry issues list (accounts of a person, accounts by platform / team / status, items due by date) as
 * Queries, never Scans; each entity file says which index attributes it fills. Items that leave an index
 * attribute unset stay out of that index (sparse), which is what keeps "due for review" sweeps cheap.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDeclaration {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDeclaration {
  /** Logical id in the CDK stack and suffix of the local table name. */
  readonly id: string;
  /** Environment variable through which a Lambda learns the table's name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDeclaration[];
  /** Epoch-seconds attribute DynamoDB uses to expire items (parked tokens, idempotency records). */
  readonly timeToLiveAttribute: string;
}

const stringKey = (name: string): KeyAttribute => ({ name, type: 'S' });

export const registryTable: TableDeclaration = {
  id: 'Registry',
  envVar: 'REGISTRY_TABLE',
  partitionKey: stringKey('pk'),
  sortKey: stringKey('sk'),
  globalSecondaryIndexes: [1, 2, 3].map((n) => ({
    indexName: `gsi${n}`,
    partitionKey: stringKey(`gsi${n}pk`),
    sortKey: stringKey(`gsi${n}sk`),
  })),
  timeToLiveAttribute: 'expiresAt',
};

export const tables: readonly TableDeclaration[] = [registryTable];
