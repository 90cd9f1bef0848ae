import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK clients, built once per execution environment. Endpoints are never set here: the SDK reads
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the local cloud sets and AWS leaves unset.
 */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * Items DynamoDB read and returned within one `metered` call: their ratio is the read amplification a step
 * logs (1.0 when every read is a key or index Query with no filter). Scoped per invocation, so steps running
 * side by side in one process (the local cloud) do not count each other's reads.
 */
export interface ReadMeter {
  read: number;
  returned: number;
}

const meters = new AsyncLocalStorage<ReadMeter>();

export async function metered<T>(work: () => Promise<T>): Promise<{ result: T; meter: ReadMeter }> {
  const meter: ReadMeter = { read: 0, returned: 0 };
  const result = await meters.run(meter, work);
  return { result, meter };
}

documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    const result = await next(args);
    const meter = meters.getStore();
    if (!meter) return result;
    const output = result.output as { Count?: number; ScannedCount?: number; Item?: unknown };
    if (context.commandName === 'QueryCommand') {
      meter.read += output.ScannedCount ?? 0;
      meter.returned += output.Count ?? 0;
    } else if (context.commandName === 'GetCommand' || context.commandName === 'GetItemCommand') {
      // The document client's GetCommand runs as the service's GetItemCommand: the name this stack sees.
      meter.read += 1;
      meter.returned += output.Item ? 1 : 0;
    }
    return result;
  },
  { step: 'initialize', name: 'stewardReadMeter' },
);
