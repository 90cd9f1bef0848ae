/**
 * The registry table, declared once. The CDK stack and the local cloud both build their table from this object,
 * so a key or index added here exists in both places or in neither.
 *
 * Single-table design: every entity (account, person, grant, policy, audit event, parked task, ...) shares one
 * table with generic keys. The overloaded global secondary indexes serve the registry's access patterns as
 * Queries, never Scans (`adapters/dynamodb/registry-keys.ts` says which entity fills which):
 *   gsi1: by person (a person's grants), and audit events by time;
 *   gsi2: by platform, and audit chains by chain (verification); gsi3: by team; gsi4: by status (and plain lists: people, policies);
 *   gsi5: due by date (policy reviews, training and grant expiry, brand audits), sparse.
 * Items that leave an index attribute unset stay out of that index, which keeps "due" sweeps cheap.
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
  /** The table's stream, and what its records carry (the sealer reads new audit events from it). */
  readonly stream?: 'NEW_IMAGE';
}

const stringKey = (name: string): KeyAttribute => ({ name, type: 'S' });

export const registryTable: TableDeclaration = {
  id: 'Registry',
  envVar: 'REGISTRY_TABLE',
  partitionKey: stringKey('pk'),
  sortKey: stringKey('sk'),
  globalSecondaryIndexes: [1, 2, 3, 4, 5].map((n) => ({
    indexName: `gsi${n}`,
    partitionKey: stringKey(`gsi${n}pk`),
    sortKey: stringKey(`gsi${n}sk`),
  })),
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_IMAGE',
};

export const tables: readonly TableDeclaration[] = [registryTable];
