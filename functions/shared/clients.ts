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
 * Items DynamoDB read for this environment's requests, and items it returned: their ratio is the read
 * amplification a step logs (1.0 when every read is a key or index Query with no filter).
 */
export const readMeter = { read: 0, returned: 0 };

documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    const result = await next(args);
    const output = result.output as { Count?: number; ScannedCount?: number; Item?: unknown };
    if (context.commandName === 'QueryCommand') {
      readMeter.read += output.ScannedCount ?? 0;
      readMeter.returned += output.Count ?? 0;
    } else if (context.commandName === 'GetCommand') {
      readMeter.read += 1;
      readMeter.returned += output.Item ? 1 : 0;
    }
    return result;
  },
  { step: 'initialize', name: 'stewardReadMeter' },
);
