import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { registryTable } from '../../declarations/table.ts';
import { localClients } from '../support/clients.ts';
import { freePort, freePorts, newDataDir } from '../support/local-cloud-process.ts';

const repositoryRoot = resolve(import.meta.dirname, '../..');
const cloud = inject('localCloud');

function runStart(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], { cwd: repositoryRoot, env, encoding: 'utf8', timeout: 60_000 });
}

const portArgs = (ports: object) => Object.entries(ports).flatMap(([name, port]) => [`--${name}-port`, String(port)]);

describe('npm start', () => {
  it('refuses a taken port with a sentence naming it, not a stack trace', async () => {
    const ports = await freePorts();
    const holder = createServer();
    await new Promise<void>((ok) => holder.listen(ports.aws, '127.0.0.1', ok));
    try {
      const result = runStart(['--data-dir', newDataDir(), ...portArgs(ports)]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`AWS endpoint: port ${ports.aws} is already in use`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });

  it('refuses clearly when Java is missing, saying what to install', async () => {
    // A PATH holding only node: everything the start needs but java.
    const bin = join(newDataDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = runStart(['--data-dir', newDataDir(), '--dynamodb-port', String(await freePort()), ...portArgs({ api: await freePort(), aws: await freePort(), smtp: await freePort(), inbox: await freePort() })], { ...process.env, PATH: bin });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DynamoDB Local needs Java 17 or later \(no "java" on PATH\).*apt-get install -y openjdk-17-jre-headless/);
  });

  it('refuses a port that is not a number', () => {
    const result = runStart(['--api-port', 'eighty']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('api port must be an integer between 1 and 65535, got "eighty"');
  });

  it('creates the registry table with the keys, indexes and TTL of the shared declaration', async () => {
    const { dynamodb } = localClients(cloud);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: cloud.registryTable }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: registryTable.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: registryTable.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)]).sort()).toEqual(
      registryTable.globalSecondaryIndexes.map((i) => [i.indexName, [i.partitionKey.name, i.sortKey.name]]).sort(),
    );
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: cloud.registryTable }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: registryTable.timeToLiveAttribute, TimeToLiveStatus: 'ENABLED' });
  });
});
