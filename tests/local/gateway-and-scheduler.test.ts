import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, inject, it } from 'vitest';
import { assertLoopback, localClients } from '../support/clients.ts';
import { finished } from '../support/canary.ts';
import { schedules } from '../../declarations/schedules.ts';

const cloud = inject('localCloud');
const { sfn } = localClients(cloud);
const api = assertLoopback(cloud.apiUrl);

describe('the local HTTP gateway', () => {
  it('routes GET /health to the health Lambda and returns its response', async () => {
    const response = await fetch(`${api}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok', service: 'steward' });
  });

  it('answers routes it does not have as API Gateway does', async () => {
    for (const [method, path] of [['GET', '/nowhere'], ['POST', '/health'], ['GET', '/health/extra']]) {
      const response = await fetch(`${api}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });
});

describe('the local scheduler', () => {
  it('fires a declared schedule on demand with its declared input', async () => {
    const canary = schedules.find((s) => s.name === 'canary')!;
    const response = await fetch(`${assertLoopback(cloud.awsEndpoint)}/_steward/schedules/${canary.name}/fire`, { method: 'POST' });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { executionArn: string } };
    const done = await finished(sfn, result.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.input!)).toEqual(canary.input);
  });

  it('lists every declared schedule with its next run', async () => {
    const response = await fetch(`${cloud.awsEndpoint}/_steward/schedules`);
    const { schedules: next } = (await response.json()) as { schedules: Record<string, string> };
    expect(Object.keys(next).sort()).toEqual(schedules.map((s) => s.name).sort());
    for (const when of Object.values(next)) expect(Date.parse(when)).toBeGreaterThan(Date.now());
  });

  it('refuses an unknown schedule with 404', async () => {
    const response = await fetch(`${cloud.awsEndpoint}/_steward/schedules/nope/fire`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});

describe('the local EventBridge', () => {
  it('answers PutEvents as AWS does when an entry fails: 200, the entry’s error in its place, and FailedEntryCount', async () => {
    const { events } = localClients(cloud);
    const answer = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'steward.test', DetailType: 'Probe', Detail: '{"ok":true}' },
          { Source: 'steward.test', DetailType: 'Probe', Detail: 'not json' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries).toEqual([{ EventId: expect.any(String) }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }]);
  });
});
