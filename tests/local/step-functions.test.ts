import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import { TaskTokens } from '../../local/aws/step-functions/tokens.ts';
import { localClients } from '../support/clients.ts';
import { canaryArn, exitedStates, finished, history, parkedToken, startCanary } from '../support/canary.ts';

const cloud = inject('localCloud');
const { sfn, documents } = localClients(cloud);
const external = { callback: 'external', timeoutSeconds: 60, heartbeatSeconds: 60 };

describe('local Step Functions', () => {
  it('runs the canary end to end: direct DynamoDB, Lambda with a task token, aws-sdk calls and its own callback', async () => {
    const { executionArn } = await startCanary(sfn, {});
    const done = await finished(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ callback: { completedBy: 'canary' } });
    const events = await history(sfn, executionArn);
    expect(exitedStates(events)).toEqual(expect.arrayContaining(['RecordRun', 'FindParkedToken', 'CompleteCallback', 'ParkTaskToken', 'AwaitCallback']));
    // The optimized DynamoDB integration returns the SDK response with AWS's metadata wrapper.
    const recordRun = events.find((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource === 'updateItem');
    expect(JSON.parse(recordRun!.taskSucceededEventDetails!.output!)).toMatchObject({ SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: expect.any(String) } });
    expect(events[0]).toMatchObject({ type: 'ExecutionStarted', id: 1, previousEventId: 0 });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('waits for an external callback and completes with its output', async () => {
    const { executionArn, name } = await startCanary(sfn, external);
    const token = await parkedToken(documents, cloud.registryTable, name);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approvedBy: 'test' }) }));
    const done = await finished(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ callback: { approvedBy: 'test' } });
    // A second answer to the same task is refused the way AWS refuses it.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('fails the execution with the error and cause of SendTaskFailure', async () => {
    const { executionArn, name } = await startCanary(sfn, external);
    const token = await parkedToken(documents, cloud.registryTable, name);
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'not today' }));
    expect(await finished(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'not today' });
  });

  it('times a waiting task out after TimeoutSeconds, then refuses its token with TaskTimedOut', async () => {
    const { executionArn, name } = await startCanary(sfn, { ...external, timeoutSeconds: 1 });
    const token = await parkedToken(documents, cloud.registryTable, name);
    expect(await finished(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    const events = await history(sfn, executionArn);
    expect(events.some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('fails a task whose heartbeat stops, and keeps alive one that beats', async () => {
    const silent = await startCanary(sfn, { ...external, heartbeatSeconds: 1 });
    await parkedToken(documents, cloud.registryTable, silent.name);
    expect(await finished(sfn, silent.executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });

    const beating = await startCanary(sfn, { ...external, heartbeatSeconds: 2 });
    const token = await parkedToken(documents, cloud.registryTable, beating.name);
    const started = Date.now();
    while (Date.now() - started < 3_000) {
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await new Promise((resolve) => setTimeout(resolve, 500)); // pacing the heartbeats, not waiting for a result
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: beating.executionArn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect((await finished(sfn, beating.executionArn)).status).toBe('SUCCEEDED');
  });

  it('refuses malformed and foreign tokens with InvalidToken, and a signed token for no task with TaskDoesNotExist', async () => {
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    const foreign = new TaskTokens(randomBytes(32)).issue({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:steward-canary:x', taskKey: 'k' });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: foreign }))).rejects.toBeInstanceOf(InvalidToken);
    const ours = new TaskTokens(readFileSync(join(cloud.dataDir, 'stepfunctions', 'task-token.key')));
    const noTask = ours.issue({ executionArn: `arn:aws:states:us-east-1:000000000000:execution:steward-canary:${randomUUID()}`, taskKey: 'ParkTaskToken#x#1' });
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken: noTask }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('refuses output that is not JSON with InvalidOutput and leaves the task waiting', async () => {
    const { executionArn, name } = await startCanary(sfn, external);
    const token = await parkedToken(documents, cloud.registryTable, name);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' }))).rejects.toBeInstanceOf(InvalidOutput);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });

  it('treats StartExecution with the same name and input as idempotent while running, and any other reuse as ExecutionAlreadyExists', async () => {
    const name = `test-${randomUUID()}`;
    const input = JSON.stringify(external);
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: canaryArn(cloud.region), name, input }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: canaryArn(cloud.region), name, input }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: canaryArn(cloud.region), name, input: '{}' }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Test', cause: 'done' }));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: canaryArn(cloud.region), name, input }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('aborts with StopExecution, after which the waiting task token is refused', async () => {
    const { executionArn, name } = await startCanary(sfn, external);
    const token = await parkedToken(documents, cloud.registryTable, name);
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'by test' }));
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'by test' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    expect((await history(sfn, executionArn)).at(-1)?.type).toBe('ExecutionAborted');
  });

  it('answers bad requests with AWS error names', async () => {
    const stateMachineArn = canaryArn(cloud.region);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'has spaces' }))).rejects.toBeInstanceOf(InvalidName);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{oops' }))).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-missing` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'not-an-arn' }))).rejects.toBeInstanceOf(InvalidArn);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:us-east-1:000000000000:execution:steward-canary:${randomUUID()}` }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('lists executions newest first, filtered by status and paginated', async () => {
    const a = await startCanary(sfn, external);
    const b = await startCanary(sfn, external);
    const stateMachineArn = canaryArn(cloud.region);
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000 }));
    const arns = running.executions!.map((e) => e.executionArn);
    expect(arns.indexOf(b.executionArn)).toBeLessThan(arns.indexOf(a.executionArn));
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }));
    expect(page.executions).toHaveLength(1);
    expect(page.nextToken).toBeDefined();
    for (const { executionArn } of [a, b]) await sfn.send(new StopExecutionCommand({ executionArn }));
  });
});
