import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../core/errors.ts';
import type { Page, PageRequest } from '../../core/paging.ts';
import { chunk } from '../../core/batches.ts';
import { entityOf } from './registry-keys.ts';
import { conflicts } from '../conflicts.ts';

/** A Query on the registry table, without the table's name (the table adds it). */
export type Query = Omit<QueryCommandInput, 'TableName'>;

/** An item key of the single table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One transaction item plus the sentence a failed condition on it means, for the 409 the caller gets. */
export interface Step {
  item: TransactItem;
  conflict: string;
}

/** What the stores are built from: the document client (the caller's, built once per container) and the table. */
export interface RegistryTableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The clock conditions compare against (grant expiry, locks, outbox claims); the wall clock when absent. */
  now?: () => Date;
}

/** Queries that one filtered page may read: 25 × 1,000 items (at most 1 MB each) stays far inside the API's 30-second integration timeout. */
const MAX_FILTERED_READS = 25;

/**
 * The registry's single table as the per-entity stores use it: consistent reads, paged queries with opaque
 * `next` tokens, and the transaction steps their writes are made of. Stateless apart from its options, so
 * one instance serves every store of a container.
 */
export class RegistryTable {
  constructor(private readonly options: RegistryTableOptions) {}

  /** The table's name, for commands built by a store. */
  get name() {
    return this.options.tableName;
  }

  /** The document client, for the few single-item writes outside a transaction (locks, outbox, waits). */
  get client() {
    return this.options.client;
  }

  /** Now, by the table's clock. */
  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Now in epoch seconds, as TTL attributes and lock deadlines hold it. */
  epochSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** One item by key, read consistently, without its key attributes. */
  async get<T>(key: ItemKey): Promise<T | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return entityOf<T>(Item);
  }

  /** Items by key, read consistently, 100 to a request (BatchGetItem's limit), with what DynamoDB left unread read again. Whole items, keys and all. */
  async getMany(keys: readonly ItemKey[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (const part of chunk(keys, 100)) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = { [this.name]: { Keys: part.map((key) => ({ ...key })), ConsistentRead: true } };
      while (request && Object.keys(request).length > 0) {
        const answer = await this.options.client.send(new BatchGetCommand({ RequestItems: request }));
        items.push(...(answer.Responses?.[this.name] ?? []));
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    return items;
  }

  /** One page of a query; a `next` from another list (or a forged one) is the caller's mistake, a 400. */
  async query<T>(input: Query, page?: PageRequest): Promise<Page<T>> {
    const { Items, LastEvaluatedKey } = await this.queryRaw(input, page);
    return { items: (Items ?? []).map((item) => entityOf<T>(item)!), next: encodeNext(LastEvaluatedKey) };
  }

  /** One page of a query as DynamoDB answers it (for projections that are not whole entities). */
  async queryRaw(input: Query, page?: PageRequest) {
    const command = new QueryCommand({ TableName: this.name, ...input, Limit: page?.limit, ExclusiveStartKey: decodeNext(page?.next) });
    return this.options.client.send(command).catch((error: Error) => {
      if (page?.next !== undefined && error.name === 'ValidationException') throw invalidPageToken();
      throw error;
    });
  }

  /** Every item of a key condition, following pages; for bounded sets (one account's grants, one person's links). */
  async queryAll<T>(input: Query): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
      const page = await this.query<T>(input, { limit: 500, next });
      items.push(...page.items);
      next = page.next;
    } while (next);
    return items;
  }

  /**
   * Up to `limit` items that pass a filter expression. DynamoDB applies Limit before the filter, so one Query
   * can match nothing; this reads on (at most MAX_FILTERED_READS queries, to stay well inside an API call's
   * time) and, having more than it needs, answers a `next` at the last item it kept (`keyOf` gives that
   * item's table and index keys).
   */
  async filteredPage<T>(input: Query, page: PageRequest, keyOf: (item: T) => Record<string, unknown>): Promise<Page<T>> {
    const items: T[] = [];
    let next = page.next;
    for (let reads = 0; reads < MAX_FILTERED_READS; reads++) {
      // A read stops at 1 MB anyway; a small Limit would make sparse matches look like none.
      const read = await this.query<T>(input, { limit: 1000, next });
      items.push(...read.items);
      if (items.length >= page.limit) {
        const kept = items.slice(0, page.limit);
        return { items: kept, next: items.length > page.limit || read.next ? encodeNext(keyOf(kept.at(-1)!)) : undefined };
      }
      next = read.next;
      if (!next) break;
    }
    return { items, next };
  }

  /** Sends a single conditional write; a failed condition is `false` (the caller's answer), anything else throws. */
  async conditionally(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * A Put step: unconditional, or conditioned on the version it replaces (`expectedVersion` a number) or on
   * the item not existing yet (`null`).
   */
  put(Item: Record<string, unknown>, conflict = conflicts.none, expectedVersion?: number | null): Step {
    return {
      item: {
        Put: {
          TableName: this.name,
          Item,
          ...(expectedVersion === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          ...(typeof expectedVersion === 'number' ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      },
      conflict,
    };
  }

  /** A versioned entity's Put: the version it replaces, or none for a create, with the 409's sentence for each. */
  putVersioned(Item: Record<string, unknown>, type: string, id: string, expectedVersion: number | null): Step {
    return this.put(Item, expectedVersion === null ? conflicts.exists(type, id) : conflicts.stale(type, id), expectedVersion);
  }

  /** A uniqueness claim: the key must be free. */
  claim(key: ItemKey, attributes: Record<string, unknown>, conflict: string): Step {
    return this.put({ ...key, ...attributes }, conflict, null);
  }

  /** Deletes an index or claim item. */
  release(key: ItemKey): Step {
    return { item: { Delete: { TableName: this.name, Key: key } }, conflict: conflicts.none };
  }

  /** The index items that follow a set of people (approvers awaited, an escalation): those who left it go, those who joined come. */
  followers(before: readonly string[], after: readonly string[], keyOf: (personId: string) => ItemKey, itemOf: (personId: string) => Record<string, unknown>): Step[] {
    return [...before.filter((id) => !after.includes(id)).map((id) => this.release(keyOf(id))), ...after.filter((id) => !before.includes(id)).map((id) => this.put(itemOf(id)))];
  }
}

/** A query narrowed by a FilterExpression of attribute equalities (`#f_name = :f_name`, joined by AND). */
export function withEquals(key: Query, equals: Record<string, string>): Query {
  const names = Object.keys(equals);
  return {
    ...key,
    FilterExpression: names.map((name) => `#f_${name} = :f_${name}`).join(' AND '),
    ExpressionAttributeNames: { ...key.ExpressionAttributeNames, ...Object.fromEntries(names.map((name) => [`#f_${name}`, name])) },
    ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...Object.fromEntries(names.map((name) => [`:f_${name}`, equals[name]])) },
  };
}

/** A page's `next`: the last evaluated key, opaque to callers. */
export function encodeNext(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeNext(next: string | undefined): Record<string, unknown> | undefined {
  if (next === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidPageToken();
}

const invalidPageToken = () => new ValidationError('invalid page token: pass back the "next" value of the previous page unchanged');
