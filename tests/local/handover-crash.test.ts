import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { callerAs, ok, personBody, uniqueId } from '../support/api.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';
import { restartCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';
import { accountWithLogin, logsIn } from '../support/platform.ts';

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
    cloud = await startOwnCloud();
    const urls = () => cloud!.urls;
    const hrId = uniqueId('hr');
    const hr = await callerAs(urls(), hrId, ['admin', 'hr'], { team: 'hr' });
    const owner = uniqueId('owner');
    await ok(hr('POST', '/people', { body: personBody(owner) }));

    for (const step of steps) {
      const name = `${step.function} ${Object.values(step.match)[0]}`;
      const leaver = uniqueId('leaver');
      await ok(hr('POST', '/people', { body: personBody(leaver) }));
      const account = await accountWithLogin(hr, urls().platformUrl, owner, { passwordApi: true });
      await ok(hr('POST', `/accounts/${account.id}/grants`, { body: { personId: leaver, role: 'admin', credentialAccess: true, reason: 'runs it' } }));
      const fault = { function: step.function, when: 'crash-after', count: 1, match: { ...step.match, [step.field]: caseIdOf(leaver) } };
      expect((await fetch(`${urls().awsEndpoint}/_steward/faults`, { method: 'POST', body: JSON.stringify(fault) })).status, name).toBe(200);
      await ok(hr('POST', '/departures', { body: { personId: leaver } }));
      await cloud.exited;
      cloud = await restartCloud(cloud);

      const done = await eventually(async () => {
        const c = (await hr('GET', `/departures/${caseIdOf(leaver)}`)).body;
        return c?.closedAt ? c : undefined;
      }, `${name}: the case to close after the crash`, 90_000);
      expect(done.status, name).toBe('completed');
      const { credential } = (await hr('GET', `/accounts/${account.id}`)).body;
      const secrets = localClients(urls()).secrets;
      const current = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn }))).SecretString!);
      const previous = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn, VersionStage: 'AWSPREVIOUS' }))).SecretString!);
      expect(previous.password, `${name}: rotated once`).toBe(account.password);
      expect(await logsIn(urls().platformUrl, account.platformAccountId, current), `${name}: AWSCURRENT logs in`).toBe(true);
      const reports = (await inboxMessages(urls().inboxUrl)).filter((m) => m.to.some((t) => t.address === `${hrId}@example.com`) && m.subject === `Departure ${caseIdOf(leaver)}: completed`);
      expect(reports.length, `${name}: one report`).toBe(1);
    }
  }, 600_000);
});
