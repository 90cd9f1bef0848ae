import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { localClients } from '../support/clients.ts';
import { exitedStates, finished, history, parkedToken, startCanary } from '../support/canary.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../support/local-cloud-process.ts';

/**
 * These tests run their own local cloud (own ports, own data folder) so they can stop and start it.
 */
let cloud: RunningCloud | undefined;

afterEach(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  cloud = undefined;
});

async function recordings(documents: ReturnType<typeof localClients>['documents'], table: string, name: string) {
  const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: `CANARY#${name}`, sk: 'RUN' }, ConsistentRead: true }));
  return Item?.recordings as number | undefined;
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('a waiting execution across a restart of the local cloud (%s)', (signal) => {
  it('is still RUNNING afterwards, accepts the same token, completes, and ran no task twice', async () => {
    const ports = await freePorts();
    const dataDir = newDataDir();
    cloud = await startCloudProcess({ dataDir, ports });
    let clients = localClients(cloud.urls);
    const { executionArn, name } = await startCanary(clients.sfn, { callback: 'external', timeoutSeconds: 600, heartbeatSeconds: 600 });
    const token = await parkedToken(clients.documents, cloud.urls.registryTable, name);
    const parkedBefore = (await clients.documents.send(new GetCommand({ TableName: cloud.urls.registryTable, Key: { pk: `PARKED#canary/${name}`, sk: 'PARKED' } }))).Item;

    await cloud.stop(signal);
    cloud = await startCloudProcess({ dataDir, ports });
    clients = localClients(cloud.urls);

    expect((await clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"after":"restart"}' }));
    const done = await finished(clients.sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ callback: { after: 'restart' } });
    // The task before the wait ran once (it counts itself), the parked record was not rewritten.
    expect(await recordings(clients.documents, cloud.urls.registryTable, name)).toBe(1);
    const parkedAfter = (await clients.documents.send(new GetCommand({ TableName: cloud.urls.registryTable, Key: { pk: `PARKED#canary/${name}`, sk: 'PARKED' } }))).Item;
    expect(parkedAfter).toEqual(parkedBefore);
    const states = exitedStates(await history(clients.sfn, executionArn));
    expect(states.filter((s) => s === 'RecordRun')).toHaveLength(1);
    expect(states.at(-1)).toBe('AwaitCallback');
  });
});
