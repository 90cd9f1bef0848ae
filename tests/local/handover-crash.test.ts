import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { accountBody, callerAs, personBody, uniqueId } from '../support/api.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../support/local-cloud-process.ts';

/**
 * The local cloud killed (SIGKILL, from inside, right after a step did its work and before anyone heard of it)
 * at each rotation step and each workflow step of a handover, then started again: every case ends completed,
 * its login rotated exactly once, AWSCURRENT logging in on the simulated platform, and one report sent.
 */
const steps = [
  ...['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((step) => ({ function: 'credentialRotation', field: 'DepartureCaseId', match: { Step: step } })),
  ...['open', 'revoke', 'hand-over', 'rotation-start', 'rotation-done', 'report'].map((action) => ({ function: 'handoverSteps', field: 'caseId', match: { action } })),
];

let cloud: RunningCloud | undefined;

afterAll(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
});

describe('a handover killed at each step', () => {
  it('ends right after a restart, whichever step the crash followed', async () => {
    const ports = await freePorts();
    const dataDir = newDataDir();
    cloud = await startCloudProcess({ dataDir, ports });
    const urls = () => cloud!.urls;
    const hrId = uniqueId('hr');
    const hr = await callerAs(urls(), hrId, ['admin', 'hr']);
    const ok = async (response: Promise<{ status: number; text: string; body: any }>) => {
      const r = await response;
      if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
      return r.body;
    };
    await ok(hr('POST', '/people', { body: personBody(hrId, { team: 'hr' }) }));
    const owner = uniqueId('owner');
    await ok(hr('POST', '/people', { body: personBody(owner) }));
    const platform = (method: string, path: string, body?: unknown) => fetch(`${urls().platformUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

    for (const step of steps) {
      const name = `${step.function} ${Object.values(step.match)[0]}`;
      const leaver = uniqueId('leaver');
      await ok(hr('POST', '/people', { body: personBody(leaver) }));
      const account = await ok(hr('POST', '/accounts', { body: accountBody(owner, { riskTier: 'low' }) }));
      const password = `Start-${uniqueId('pw')}-A1!`;
      await ok(hr('PUT', `/accounts/${account.id}/credential`, { body: { username: `user-${account.id}`, password } }));
      await platform('PUT', `/accounts/${account.platformAccountId}`, { username: `user-${account.id}`, password, passwordApi: true });
      await ok(hr('POST', `/accounts/${account.id}/grants`, { body: { personId: leaver, role: 'admin', credentialAccess: true, reason: 'runs it' } }));
      const fault = { function: step.function, when: 'crash-after', count: 1, match: { ...step.match, [step.field]: caseIdOf(leaver) } };
      expect((await fetch(`${urls().awsEndpoint}/_steward/faults`, { method: 'POST', body: JSON.stringify(fault) })).status, name).toBe(200);
      await ok(hr('POST', '/departures', { body: { personId: leaver } }));
      await cloud.exited;
      cloud = await startCloudProcess({ dataDir, ports });

      const done = await eventually(async () => {
        const c = (await hr('GET', `/departures/${caseIdOf(leaver)}`)).body;
        return c?.closedAt ? c : undefined;
      }, `${name}: the case to close after the crash`, 90_000);
      expect(done.status, name).toBe('completed');
      const { credential } = (await hr('GET', `/accounts/${account.id}`)).body;
      const secrets = localClients(urls()).secrets;
      const current = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn }))).SecretString!);
      const previous = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn, VersionStage: 'AWSPREVIOUS' }))).SecretString!);
      expect(previous.password, `${name}: rotated once`).toBe(password);
      expect((await platform('POST', `/accounts/${account.platformAccountId}/login`, current)).status, `${name}: AWSCURRENT logs in`).toBe(200);
      const reports = (await inboxMessages(urls().inboxUrl)).filter((m) => m.to.some((t) => t.address === `${hrId}@example.com`) && m.subject === `Departure ${caseIdOf(leaver)}: completed`);
      expect(reports.length, `${name}: one report`).toBe(1);
    }
  }, 600_000);
});
