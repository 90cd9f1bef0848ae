import type { FunctionId } from './functions.ts';
import { registryTable, type TableDeclaration } from './table.ts';

/**
 * Lambda event source mappings on the tables' streams, declared once: the stack creates one mapping per entry,
 * and the local cloud's poller reads DynamoDB Local's stream of the same table with the same filter, batch
 * size, window and retries, and gives the same answer to a partial failure. The function's role is given the
 * stream's read permissions because it is named here (access.ts).
 */
export interface StreamMappingDeclaration {
  readonly name: string;
  readonly description: string;
  readonly table: TableDeclaration;
  readonly function: FunctionId;
  /**
   * Lambda's filter criteria over a stream record, as one pattern of exact values (`{ field: [value, ...] }`,
   * nested): records that do not match are passed over without an invocation.
   */
  readonly filter: Readonly<Record<string, unknown>>;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Retries of a failing batch before the mapping passes over it (the sealer's hourly reading seals what it passed). */
  readonly maximumRetryAttempts: number;
}

export const streamMappings: readonly StreamMappingDeclaration[] = [
  {
    name: 'audit-sealer',
    description: 'New audit events, in the order of each shard, to the sealer: the log, the locked copies, the signed checkpoint, the SIEM feed.',
    table: registryTable,
    function: 'auditSealer',
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['audit'] } } } },
    batchSize: 100,
    maximumBatchingWindowSeconds: 1,
    startingPosition: 'TRIM_HORIZON',
    maximumRetryAttempts: 20,
  },
];

/** The mappings that feed one function. */
export const streamMappingsOf = (id: FunctionId) => streamMappings.filter((mapping) => mapping.function === id);
