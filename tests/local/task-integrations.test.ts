import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalLambdaRuntime } from '../../local/lambda/runtime.ts';
import { ensureBundles } from '../../local/lambda/bundles.ts';
import { resolveResource, TaskIntegrations } from '../../local/aws/step-functions/integrations.ts';
import { registryTable } from '../../declarations/table.ts';
import { assertLoopback } from '../support/clients.ts';

/**
 * Task integrations called directly (in this process) against the shared local cloud's real services, to pin
 * the output and error shapes Step Functions produces for each kind of Resource.
 */
const cloud = inject('localCloud');
let integrations: TaskIntegrations;

let runtime: LocalLambdaRuntime;

beforeAll(async () => {
  const environment = {
    AWS_REGION: cloud.region,
    AWS_ACCESS_KEY_ID: 'stewardlocal',
    AWS_SECRET_ACCESS_KEY: 'stewardlocal',
    AWS_ENDPOINT_URL: assertLoopback(cloud.awsEndpoint),
    AWS_ENDPOINT_URL_DYNAMODB: assertLoopback(cloud.dynamodbEndpoint),
    [registryTable.envVar]: cloud.registryTable,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  Object.assign(process.env, environment);
  // The deployed bundles with the operator's credentials: these tests pin shapes, not permissions.
  runtime = new LocalLambdaRuntime({ region: cloud.region, accountId: '000000000000', bundles: (await ensureBundles()).paths, environmentOf: () => environment });
  integrations = new TaskIntegrations(runtime);
});

afterAll(() => runtime.stop());

const target = (resource: string) => resolveResource(resource)!.target;
const parkTaskArn = 'arn:aws:lambda:us-east-1:000000000000:function:steward-park-task';

describe('Step Functions task integrations, locally', () => {
  it('wraps lambda:invoke results in the Invoke response, Payload and all', async () => {
    const key = `test/${randomUUID()}`;
    const output = await integrations.call(target('arn:aws:states:::lambda:invoke'), { FunctionName: parkTaskArn, Payload: { key, taskToken: 't' } });
    expect(output).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { key, parkedAt: expect.any(String) }, SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: expect.any(String) } });
  });

  it('returns a Lambda ARN resource\'s result as is', async () => {
    const key = `test/${randomUUID()}`;
    await expect(integrations.call(target(parkTaskArn), { key, taskToken: 't' })).resolves.toEqual({ key, parkedAt: expect.any(String) });
  });

  it('fails with the function\'s error type and Lambda\'s error record as cause', async () => {
    const failure = await integrations.call(target(parkTaskArn), { key: 'has spaces', taskToken: 't' }).catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'ValidationError' });
    expect(JSON.parse((failure as Error).message)).toMatchObject({ errorType: 'ValidationError', errorMessage: expect.stringContaining('key') });
    await expect(integrations.call(target('arn:aws:lambda:us-east-1:000000000000:function:nope'), {})).rejects.toMatchObject({ name: 'Lambda.ResourceNotFoundException' });
  });

  it('names optimized DynamoDB errors DynamoDB.<Code> and aws-sdk errors <Service>.<Code>Exception', async () => {
    const key = { pk: { S: `test#${randomUUID()}` }, sk: { S: 'x' } };
    await integrations.call(target('arn:aws:states:::dynamodb:putItem'), { TableName: cloud.registryTable, Item: key });
    await expect(
      integrations.call(target('arn:aws:states:::dynamodb:putItem'), { TableName: cloud.registryTable, Item: key, ConditionExpression: 'attribute_not_exists(pk)' }),
    ).rejects.toMatchObject({ name: 'DynamoDB.ConditionalCheckFailedException' });
    await expect(integrations.call(target('arn:aws:states:::aws-sdk:secretsmanager:getSecretValue'), { SecretId: `missing-${randomUUID()}` })).rejects.toMatchObject({
      name: 'SecretsManager.ResourceNotFoundException',
    });
    await expect(integrations.call(target('arn:aws:states:::aws-sdk:sfn:sendTaskSuccess'), { TaskToken: 'bogus', Output: '{}' })).rejects.toMatchObject({
      name: 'Sfn.InvalidTokenException',
    });
  });

  it('speaks PascalCase to camelCase APIs (Step Functions) both ways', async () => {
    const output = await integrations.call(target('arn:aws:states:::aws-sdk:sfn:listStateMachines'), {});
    expect(output).toMatchObject({ StateMachines: expect.arrayContaining([expect.objectContaining({ Name: 'steward-canary', StateMachineArn: expect.any(String) })]) });
  });

  it('recognises only the resources it can run, refusing .waitForTaskToken on anything but lambda:invoke', () => {
    expect(resolveResource('arn:aws:states:::lambda:invoke.waitForTaskToken')).toMatchObject({ waitForTaskToken: true });
    expect(resolveResource('arn:aws:states:::dynamodb:putItem.waitForTaskToken')).toBeUndefined();
    expect(resolveResource('arn:aws:states:::sqs:sendMessage')).toBeUndefined();
    expect(resolveResource('arn:aws:states:::aws-sdk:s3:getObject')).toBeUndefined();
  });
});
