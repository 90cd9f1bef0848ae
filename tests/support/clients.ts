import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { LocalCloudUrls } from '../../local/cloud.ts';

/** Refuses anything but loopback, so no test can reach a real account by accident. */
export function assertLoopback(url: string): string {
  const { hostname } = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) throw new Error(`tests talk to loopback only, not ${url}`);
  return url;
}

/** The operator's keys: the local endpoint lets their calls through, as the account's root. */
export const credentials = { accessKeyId: 'stewardlocal', secretAccessKey: 'stewardlocal' };

/** Real SDK clients pointed at the local cloud: the same wire protocol the handlers use. */
export function localClients(urls: LocalCloudUrls) {
  const aws = { endpoint: assertLoopback(urls.awsEndpoint), region: urls.region, credentials, maxAttempts: 1 };
  const dynamodb = new DynamoDBClient({ endpoint: assertLoopback(urls.dynamodbEndpoint), region: urls.region, credentials });
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb),
    secrets: new SecretsManagerClient(aws),
    sfn: new SFNClient(aws),
    ses: new SESv2Client(aws),
    events: new EventBridgeClient(aws),
  };
}

/** Polls until `probe` returns a value (not undefined) or the deadline passes; for waiting on async work, not for pacing. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Quick at first, then gentler: a probe is an API call (a function, DynamoDB), and on two cores a tight loop
  // takes the CPU from the very work it waits for.
  for (let pause = 50; ; pause = Math.min(pause * 1.5, 500)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Every history event of an execution, page by page. */
export async function executionHistory(urls: LocalCloudUrls, executionArn: string): Promise<HistoryEvent[]> {
  const { sfn } = localClients(urls);
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
