import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { callerAs, ok, personBody, uniqueId } from './api.ts';
import { eventually, localClients } from './clients.ts';
import { inboxMessages } from './inbox.ts';
import { restartCloud, startOwnCloud, type RunningCloud } from './local-cloud-process.ts';
import { accountWithLogin, logsIn } from './platform.ts';

export interface CrashPoint {
  readonly function: 'credentialRotation' | 'handoverSteps';
  /** The event field that names the case, so the fault hits this case only. */
  readonly field: string;
  readonly match: Record<string, string>;
}

export const rotationCrashPoints: readonly CrashPoint[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((step) => ({ function: 'credentialRotation', field: 'DepartureCaseId', match: { Step: step } }));
export const workflowCrashPoints: readonly CrashPoint[] = ['open', 'revoke', 'hand-over', 'rotation-start', 'rotation-done', 'report'].map((action) => ({ function: 'handoverSteps', field: 'caseId', match: { action } }));

/**
 * The local cloud killed (SIGKILL, from inside, right after a step did its work and before anyone heard of it)
 * at each of `steps` of a handover, then started again: every case ends completed, its login rotated exactly
 * once, AWSCURRENT logging in on the simulated platform, and one report sent. `running.cloud` is always the
 * cloud now up, for the caller to stop whether this passes or fails.
 */
export async function crashAtEachStep(steps: readonly CrashPoint[], running: { cloud?: RunningCloud }): Promise<void> {
  let cloud = (running.cloud = await startOwnCloud());
  const urls = () => cloud.urls;
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
    cloud = running.cloud = await restartCloud(cloud);

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
}
