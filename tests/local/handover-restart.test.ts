import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { callerAs, ok, personBody, uniqueId } from '../support/api.ts';
import { openLink, postDecision } from '../support/approvals.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';
import { discardCloud, restartCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';
import { accountWithLogin, logsIn, platformCall } from '../support/platform.ts';

/**
 * A handover across crashes of the local cloud (SIGKILL): in the middle of a rotation whose platform keeps
 * failing, and while a custodian has yet to act. Afterwards every login is rotated exactly once and its
 * AWSCURRENT logs in on the simulated platform; at no point before did AWSCURRENT stop working.
 */
let cloud: RunningCloud | undefined;

afterEach(async () => {
  await discardCloud(cloud);
  cloud = undefined;
});

describe('a handover across crashes', () => {
  it('resumes after kill -9 mid-rotation and mid-custody, rotating each login once, never leaving AWSCURRENT unusable', async () => {
    cloud = await startOwnCloud();
    const urls = () => cloud!.urls;
    const hr = await callerAs(urls(), uniqueId('hr'), ['admin', 'hr']);
    const platform = (method: string, path: string, body?: unknown) => platformCall(urls().platformUrl, method, path, body);
    const leaver = uniqueId('leaver');
    const owner = uniqueId('owner');
    for (const id of [leaver, owner]) await ok(hr('POST', '/people', { body: personBody(id) }));
    const accounts: Awaited<ReturnType<typeof accountWithLogin>>[] = [];
    for (const passwordApi of [true, false]) {
      const account = await accountWithLogin(hr, urls().platformUrl, owner, { passwordApi });
      await ok(hr('POST', `/accounts/${account.id}/grants`, { body: { personId: leaver, role: 'admin', credentialAccess: true, reason: 'runs it' } }));
      accounts.push(account);
    }
    const [viaApi, viaPerson] = accounts as [(typeof accounts)[0], (typeof accounts)[0]];
    const currentLogsIn = async (account: (typeof accounts)[0]) => {
      const { credential } = (await hr('GET', `/accounts/${account.id}`)).body;
      const value = JSON.parse((await localClients(urls()).secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn }))).SecretString!);
      return logsIn(urls().platformUrl, account.platformAccountId, value);
    };

    // The platform fails password changes for a while: the rotation is in its retries when the cloud dies.
    await platform('POST', '/_faults', { operation: 'password', count: 3 });
    const caseId = (await ok(hr('POST', '/departures', { body: { personId: leaver } }))).id;
    await eventually(async () => ((await hr('GET', `/departures/${caseId}`)).body.accounts?.[viaPerson.id]?.rotation?.status === 'waiting' ? true : undefined), 'the custodian task', 60_000);
    for (const account of accounts) expect(await currentLogsIn(account)).toBe(true);
    await cloud.stop('SIGKILL');
    cloud = await restartCloud(cloud);

    await eventually(async () => ((await hr('GET', `/departures/${caseId}`)).body.accounts[viaApi.id].rotation?.status === 'rotated' ? true : undefined), 'the API rotation to finish after the restart', 90_000);
    expect(await currentLogsIn(viaApi)).toBe(true);
    expect(await currentLogsIn(viaPerson)).toBe(true);

    // The custodian acts after the restart, with the link emailed before it.
    const mail = await eventually(async () => (await inboxMessages(urls().inboxUrl)).find((m) => m.to.some((t) => t.address === `${owner}@example.com`) && m.subject.startsWith('Action needed')), 'the custodian email');
    const link = /https?:\/\/\S+\/handover\/[A-Za-z0-9._-]+/.exec(mail.text ?? '')![0];
    const page = await openLink(link);
    // A form without a known action is refused and changes nothing.
    expect((await postDecision(link, { decision: 'approve', csrf: page.csrf, cookie: page.cookie })).status).toBe(400);
    const reveal = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(link).origin, cookie: page.cookie! }, body: new URLSearchParams({ action: 'reveal', csrf: page.csrf! }) });
    const pending = /id="secret" class="secret">([^<]+)</.exec(await reveal.text())![1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    // Kill again while the custodian is between the reveal and the confirmation.
    await cloud.stop('SIGKILL');
    cloud = await restartCloud(cloud);
    expect(await currentLogsIn(viaPerson)).toBe(true);
    const changed = await fetch(`${urls().platformUrl}/settings/${viaPerson.platformAccountId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ current: viaPerson.password, next: pending }) });
    expect(changed.status).toBe(200);
    const confirm = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(link).origin, cookie: page.cookie! }, body: new URLSearchParams({ action: 'confirm', csrf: page.csrf! }) });
    expect(confirm.status).toBe(200);

    const done = await eventually(async () => {
      const c = (await hr('GET', `/departures/${caseId}`)).body;
      return c.closedAt ? c : undefined;
    }, 'the case to close', 60_000);
    expect(done.status).toBe('completed');
    for (const account of accounts) {
      expect(await currentLogsIn(account)).toBe(true);
      const { credential } = (await hr('GET', `/accounts/${account.id}`)).body;
      const previous = JSON.parse((await localClients(urls()).secrets.send(new GetSecretValueCommand({ SecretId: credential.secretArn, VersionStage: 'AWSPREVIOUS' }))).SecretString!);
      // Exactly one rotation, however many times its steps ran.
      expect(previous.password).toBe(account.password);
    }
  }, 150_000);
});
