import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { parkedTaskKey } from '../../adapters/dynamodb/parked-task-store.ts';
import { stateMachineName } from '../../workflows/index.ts';
import { eventually } from './clients.ts';

export const canaryArn = (region: string) => `arn:aws:states:${region}:000000000000:stateMachine:${stateMachineName('canary')}`;

/** Starts the canary; in 'external' mode it parks a token and waits for the test to answer. */
export async function startCanary(sfn: SFNClient, input: Record<string, unknown>, name = `test-${randomUUID()}`) {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: canaryArn('us-east-1'), name, input: JSON.stringify(input) }));
  return { executionArn: executionArn!, name };
}

/** The token the canary parked, once its Lambda has run. */
export async function parkedToken(documents: DynamoDBDocumentClient, tableName: string, executionName: string): Promise<string> {
  return eventually(async () => {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: parkedTaskKey(`canary/${executionName}`), ConsistentRead: true }));
    return Item?.taskToken as string | undefined;
  }, 'the parked task token');
}

export async function finished(sfn: SFNClient, executionArn: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  }, `execution ${executionArn} to finish`, timeoutMs);
}

export async function history(sfn: SFNClient, executionArn: string) {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events ?? [];
}

/** States the execution left, in order: the path it took. */
export const exitedStates = (events: Awaited<ReturnType<typeof history>>) =>
  events.flatMap((e) => (e.stateExitedEventDetails?.name ? [e.stateExitedEventDetails.name] : []));
