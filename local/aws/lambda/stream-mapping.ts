import { join } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record, type DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';
import type { StreamMappingDeclaration } from '../../../declarations/streams.ts';
import type { FunctionId } from '../../../declarations/functions.ts';
import { readJson, writeFileAtomic } from '../../files.ts';
import type { InvocationResult } from '../../lambda/runtime.ts';

/** How often an idle shard is read: Lambda's poller reads each shard four times a second. */
const POLL_MS = 250;
/** GetRecords' own limit. */
const RECORDS_PER_READ = 1000;
/** Wait before a failed batch is delivered again (doubling, at most this times 16). */
const RETRY_BASE_MS = 500;
/** How often the stream's shards are listed again (a shard is replaced every few hours on AWS). */
const SHARDS_REFRESH_MS = 5_000;

/** Where each shard of a mapping has been read and delivered to, kept across restarts as Lambda keeps it. */
interface Positions {
  streamArn?: string;
  shards: Record<string, { sequenceNumber?: string; done?: boolean }>;
}

export interface StreamMappingOptions {
  mapping: StreamMappingDeclaration;
  tableName: string;
  /** The stream's ARN as the function is told it (and its role is checked against): the deployment's region and account. */
  streamArnFor(label: string): string;
  region: string;
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  dataDir: string;
  invoke(fn: FunctionId, event: unknown): Promise<InvocationResult>;
  log(line: string): void;
}

/**
 * Lambda's event source mapping for a DynamoDB stream, run against DynamoDB Local's stream of the same table:
 * each shard read in order (a child after its parent), records that match the mapping's filter delivered to
 * the function in batches of at most `batchSize`, after at most `maximumBatchingWindowSeconds`, as Lambda's
 * DynamoDB event (`{ Records: [...] }`, epoch seconds, the stream's ARN). A failed batch is delivered again,
 * the same records from the same place, up to `maximumRetryAttempts` times; then it is passed over, as
 * Lambda does without an on-failure destination. One batch per shard at a time, so a shard's order holds.
 */
export class StreamMappingPoller {
  private stopped = false;
  private running?: Promise<void>;
  private readonly positionsFile: string;
  private positions: Positions;
  /** Wakes the poller out of its idle wait (a stop). */
  private wake?: () => void;
  private stream?: { arn: string; shards: Shard[]; listedAt: number };
  /** Each open shard's next iterator, from where its last read ended: read on without asking again. */
  private readonly iterators = new Map<string, string>();

  constructor(private readonly options: StreamMappingOptions) {
    this.positionsFile = join(options.dataDir, 'stream-mappings', `${options.mapping.name}.json`);
    this.positions = readJson<Positions>(this.positionsFile, { shards: {} });
  }

  start() {
    this.running = this.loop();
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop() {
    while (!this.stopped) {
      try {
        const delivered = await this.pass();
        if (!delivered) await this.idle(POLL_MS);
      } catch (error) {
        if (this.stopped) return;
        // An expired or trimmed iterator, a table recreated: everything is asked again from the positions.
        this.iterators.clear();
        this.stream = undefined;
        this.options.log(`stream mapping ${this.options.mapping.name}: ${(error as Error).name}: ${(error as Error).message}`);
        await this.idle(POLL_MS * 4);
      }
    }
  }

  private idle(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => (clearTimeout(timer), resolve());
    });
  }

  /** One pass over the stream's open shards, parents first; whether anything was read. */
  private async pass(): Promise<boolean> {
    if (!this.stream || Date.now() - this.stream.listedAt > SHARDS_REFRESH_MS) this.stream = await this.listShards();
    if (!this.stream) return false;
    const { arn: streamArn, shards } = this.stream;
    const known = new Set(shards.map((shard) => shard.ShardId));
    let read = false;
    for (const shard of shards) {
      const id = shard.ShardId!;
      const parentDone = !shard.ParentShardId || !known.has(shard.ParentShardId) || this.positions.shards[shard.ParentShardId]?.done;
      if (this.stopped || this.positions.shards[id]?.done || !parentDone) continue;
      read = (await this.readShard(streamArn, id)) || read;
    }
    return read;
  }

  private async listShards(): Promise<StreamMappingPoller['stream']> {
    const { Table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const arn = Table?.LatestStreamArn;
    if (!arn || !Table?.StreamSpecification?.StreamEnabled) return undefined;
    // A table whose stream was turned off and on has a new stream: it is read from its start.
    if (this.positions.streamArn !== arn) (this.positions = { streamArn: arn, shards: {} }), this.iterators.clear();
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return { arn, shards, listedAt: Date.now() };
  }

  /** Reads a shard from where it was left to its current end, delivering in batches; whether it held anything new. */
  private async readShard(streamArn: string, shardId: string): Promise<boolean> {
    const { mapping } = this.options;
    const position = this.positions.shards[shardId];
    let iterator = this.iterators.get(shardId);
    this.iterators.delete(shardId);
    iterator ??= (
      await this.options.streams.send(
        new GetShardIteratorCommand(
          position?.sequenceNumber
            ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position.sequenceNumber }
            : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: mapping.startingPosition },
        ),
      )
    ).ShardIterator;
    let pending: _Record[] = [];
    let firstAt = 0;
    let anything = false;
    while (iterator && !this.stopped) {
      const answer = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_READ }));
      iterator = answer.NextShardIterator;
      const records = answer.Records ?? [];
      if (records.length > 0 && pending.length === 0) firstAt = Date.now();
      pending.push(...records);
      anything ||= records.length > 0;
      const windowEnded = Date.now() - firstAt >= mapping.maximumBatchingWindowSeconds * 1000;
      while (pending.length >= mapping.batchSize || (pending.length > 0 && (windowEnded || !iterator))) {
        await this.deliver(streamArn, shardId, pending.slice(0, mapping.batchSize));
        pending = pending.slice(mapping.batchSize);
        firstAt = Date.now();
      }
      if (!iterator) {
        this.save(shardId, { ...this.positions.shards[shardId], done: true });
        return anything;
      }
      if (records.length === 0) {
        if (pending.length === 0) {
          this.iterators.set(shardId, iterator);
          return anything;
        }
        // Records wait in the batching window: read again when it ends.
        await this.idle(Math.max(0, firstAt + mapping.maximumBatchingWindowSeconds * 1000 - Date.now()));
      }
    }
    return anything;
  }

  /** Delivers one batch until it succeeds or its retries are spent, then moves the shard's position past it. */
  private async deliver(streamArn: string, shardId: string, records: _Record[]) {
    const { mapping } = this.options;
    const events = records.map((record) => this.lambdaRecord(streamArn, record)).filter((record) => matchesFilter(mapping.filter, record));
    for (let attempt = 0; events.length > 0 && !this.stopped; attempt++) {
      const result = await this.options.invoke(mapping.function, { Records: events });
      if (result.ok) break;
      if (attempt >= mapping.maximumRetryAttempts) {
        this.options.log(`stream mapping ${mapping.name}: a batch of ${events.length} records of ${shardId} failed ${attempt + 1} times and is passed over (${result.error.errorType}: ${result.error.errorMessage})`);
        break;
      }
      await this.idle(RETRY_BASE_MS * 2 ** Math.min(attempt, 4));
    }
    if (this.stopped) return;
    this.save(shardId, { sequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber! });
  }

  /** A stream record as Lambda hands it to a function: epoch seconds, the region and ARN of the deployment. */
  private lambdaRecord(streamArn: string, record: _Record) {
    const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: this.options.region,
      dynamodb: { ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}), ...dynamodb },
      eventSourceARN: this.options.streamArnFor(streamArn.split('/stream/')[1]!),
    };
  }

  private save(shardId: string, position: Positions['shards'][string]) {
    this.positions.shards[shardId] = position;
    writeFileAtomic(this.positionsFile, JSON.stringify(this.positions), 0o644);
  }
}

/**
 * Lambda's event filtering for the patterns the declarations use: each key of the pattern must be in the
 * record; an array lists the values allowed (exact matches), an object matches the record's object there.
 */
export function matchesFilter(pattern: Readonly<Record<string, unknown>>, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown>)[key];
    if (Array.isArray(expected)) return expected.some((allowed) => allowed === actual);
    return matchesFilter(expected as Record<string, unknown>, actual);
  });
}
