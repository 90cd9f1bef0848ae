import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import type { FunctionId } from '../../declarations/functions.ts';
import { roleAccessKey } from '../../local/aws/iam.ts';
import { assertLoopback } from '../support/clients.ts';
import { callerAs } from '../support/api.ts';

/**
 * The local cloud refuses on the wire what a function's IAM role would not allow on AWS: each SDK client
 * here signs with the key the local cloud gives that function, as the function's own clients do.
 */
const cloud = inject('localCloud');
const ACCOUNT = '000000000000';

function as(fn: FunctionId) {
  const config = { region: cloud.region, credentials: { accessKeyId: roleAccessKey('function', fn), secretAccessKey: 'local' }, maxAttempts: 1 };
  const aws = { ...config, endpoint: assertLoopback(cloud.awsEndpoint) };
  return {
    dynamodb: new DynamoDBClient({ ...config, endpoint: assertLoopback(cloud.dynamodbEndpoint) }),
    secrets: new SecretsManagerClient(aws),
    ses: new SESv2Client(aws),
    sfn: new SFNClient(aws),
    lambda: new LambdaClient(aws),
  };
}

const denied = { name: 'AccessDeniedException', message: expect.stringMatching(/is not authorized to perform: \S+ on resource: \S+ because no identity-based policy allows/) };
const probeKey = () => ({ pk: { S: `TEST#${randomUUID()}` }, sk: { S: 'PROBE' } });
const email = (from: string) =>
  new SendEmailCommand({ FromEmailAddress: from, Destination: { ToAddresses: ['nobody@example.com'] }, Content: { Simple: { Subject: { Data: 'probe' }, Body: { Text: { Data: 'probe' } } } } });
const stateMachine = (name: string) => `arn:aws:states:${cloud.region}:${ACCOUNT}:stateMachine:steward-${name}`;

describe('the strict local cloud', () => {
  it("refuses a DynamoDB write to a function whose role may only read, and each part of a transaction it may not do", async () => {
    const reader = as('meApi').dynamodb;
    await expect(reader.send(new GetItemCommand({ TableName: cloud.registryTable, Key: probeKey() }))).resolves.toBeDefined();
    await expect(reader.send(new PutItemCommand({ TableName: cloud.registryTable, Item: probeKey() }))).rejects.toMatchObject(denied);
    await expect(
      reader.send(new TransactWriteItemsCommand({ TransactItems: [{ ConditionCheck: { TableName: cloud.registryTable, Key: probeKey(), ConditionExpression: 'attribute_not_exists(pk)' } }, { Put: { TableName: cloud.registryTable, Item: probeKey() } }] })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('dynamodb:PutItem') });
    // A table the role does not name at all.
    await expect(as('peopleApi').dynamodb.send(new GetItemCommand({ TableName: 'someone-elses-table', Key: probeKey() }))).rejects.toMatchObject(denied);
  });

  it('lets only the functions granted the link key read it', async () => {
    await expect(as('approvalLink').secrets.send(new DescribeSecretCommand({ SecretId: 'steward/local/approval-link-key' }))).resolves.toMatchObject({ Name: 'steward/local/approval-link-key' });
    await expect(as('health').secrets.send(new GetSecretValueCommand({ SecretId: 'steward/local/approval-link-key' }))).rejects.toMatchObject(denied);
    await expect(as('peopleApi').secrets.send(new GetSecretValueCommand({ SecretId: 'steward/local/approval-link-key' }))).rejects.toMatchObject(denied);
  });

  it('lets a function send email only if granted, and only from the stage sender (the ses:FromAddress condition)', async () => {
    await expect(as('meApi').ses.send(email('steward@steward.local'))).rejects.toMatchObject(denied);
    await expect(as('approvalSteps').ses.send(email('impostor@steward.local'))).rejects.toMatchObject(denied);
    await expect(as('approvalSteps').ses.send(email('Steward <steward@steward.local>'))).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it('lets a function start or follow only the workflows it declares', async () => {
    const reviewsApi = as('reviewsApi').sfn;
    const unknownRun = `arn:aws:states:${cloud.region}:${ACCOUNT}:execution:steward-reviews:${randomUUID()}`;
    await expect(reviewsApi.send(new DescribeExecutionCommand({ executionArn: unknownRun }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(reviewsApi.send(new DescribeExecutionCommand({ executionArn: unknownRun.replace('steward-reviews', 'steward-handover') }))).rejects.toMatchObject(denied);
    await expect(reviewsApi.send(new StartExecutionCommand({ stateMachineArn: stateMachine('handover'), input: '{}' }))).rejects.toMatchObject(denied);
    await expect(as('departureEvents').sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachine('approval'), input: '{}' }))).rejects.toMatchObject(denied);
  });

  it('lets only the functions granted login rotation invoke the rotation function', async () => {
    const payload = JSON.stringify({ Step: 'testSecret', SecretId: 'no-such-secret', ClientRequestToken: randomUUID() });
    const rotation = 'steward-credential-rotation';
    await expect(as('meApi').lambda.send(new InvokeCommand({ FunctionName: rotation, Payload: payload }))).rejects.toMatchObject(denied);
    const allowed = await as('custodyLink').lambda.send(new InvokeCommand({ FunctionName: rotation, Payload: payload }));
    // Invoked: the function ran and failed on its own (the secret does not exist), as Lambda reports it.
    expect(allowed).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(Buffer.from(allowed.Payload!).toString())).toMatchObject({ errorType: expect.any(String), errorMessage: expect.any(String) });
  });

  it("names errors by their classes in the minified bundles (the API's error field)", async () => {
    const admin = await callerAs(cloud, 'strict-twin-admin', ['admin']);
    const missing = await admin('GET', `/people/nobody-${randomUUID().slice(0, 8)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('NotFoundError');
    const bad = await admin('POST', '/accounts', { body: { platform: 'nowhere' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('ValidationError');
  });

  it('checks the audit trail at most 5,000 records a call, carrying on by cursor, and refuses a cursor it did not issue', async () => {
    const auditor = await callerAs(cloud, 'strict-twin-auditor', ['auditor']);
    let verdict = (await auditor('GET', '/audit/verify')).body;
    const perCall = [verdict.events as number];
    while (verdict.ok && verdict.next) {
      const page = await auditor('GET', `/audit/verify?cursor=${verdict.next}`);
      expect(page.status).toBe(200);
      perCall.push(page.body.events - verdict.events);
      verdict = page.body;
    }
    expect(verdict).toMatchObject({ ok: true, events: expect.any(Number), chains: expect.any(Number) });
    expect(perCall.every((n) => n <= 5000)).toBe(true);
    for (const cursor of ['not-base64-json', Buffer.from(JSON.stringify({ head: { seq: 1 } })).toString('base64url')]) {
      const refused = await auditor('GET', `/audit/verify?cursor=${cursor}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('ValidationError');
    }
  });
});
