import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import middy from '@middy/core';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { chainedEventOfItem } from '../../adapters/dynamodb/audit.ts';
import type { ChainedEvent } from '../../core/audit/ports.ts';
import { heartbeat, sealEvents } from '../../core/audit/sealer.ts';
import { parseInput } from '../../core/validation.ts';
import { sealerContext } from '../shared/audit.ts';
import { logger } from '../shared/logger.ts';

const ctx = sealerContext();

const heartbeatInput = z.object({ job: z.literal('heartbeat'), scheduledTime: z.string().optional() });

/** Time kept back from a heartbeat's reading of the trail, to publish and sign before the function's timeout. */
const RESERVE_MS = 60_000;

const isStreamBatch = (event: unknown): event is DynamoDBStreamEvent => Array.isArray((event as { Records?: unknown } | null)?.Records);

/**
 * New audit events from the registry's stream (the mapping's filter passes only inserted events), sealed in
 * the order the shard delivered them; a failure is thrown, so the mapping delivers the batch again, and what
 * was sealed already is passed over. Hourly: the sealer's own reading of the trail and its heartbeat checkpoint.
 */
export const handler = middy(async (event: unknown, context: Context) => {
  if (isStreamBatch(event)) {
    const events: ChainedEvent[] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      const chained = image ? chainedEventOfItem(unmarshall(image as Record<string, NativeAttributeValue>)) : undefined;
      // Not an event Steward wrote: the verification names it; it must not hold up the events behind it.
      if (chained) events.push(chained);
      else logger.error('a stream record that is not an audit event was passed over', { sequenceNumber: record.dynamodb?.SequenceNumber });
    }
    const report = await sealEvents(ctx, events);
    logger.info('audit events sealed', { delivered: event.Records.length, ...report });
    return report;
  }
  parseInput(heartbeatInput, event, 'heartbeat');
  const report = await heartbeat(ctx, ctx.trail, () => context.getRemainingTimeInMillis() > RESERVE_MS);
  logger.info('audit heartbeat', { ...report });
  return report;
});
