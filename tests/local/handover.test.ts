import { createHmac } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { LOCAL_LINK_KEY_SECRET } from '../../local/cloud.ts';
import { stateMachineName } from '../../workflows/index.ts';
import { callerAs, ok, personBody, uniqueId } from '../support/api.ts';
import { caseWhen, handoverKit } from '../support/handover.ts';
import { decideByLink, emailTo, linkFor, openLink, postDecision } from '../support/approvals.ts';
import { launchBrowser } from '../support/browser.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';
import { logsIn, platformCall } from '../support/platform.ts';
import { assertNoSecretLeaked } from '../support/secrets.ts';

/**
 * Offboarding on the local cloud: departures through the API, the handover workflow, successors accepting
 * by email link, and the report in the real inbox.
 */
const cloud = inject('localCloud');
const clients = localClients(cloud);

const { organisation, platform, logsInAs, secretOf } = handoverKit(cloud);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a departure', () => {
  it('of someone with no accounts marks them departed and reports a completed case to HR', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const started = await org.hr('POST', '/departures', { body: { personId: leaver } });
    expect(started.status, started.text).toBe(201);
    const done = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close');
    expect(done).toMatchObject({ status: 'completed', accounts: {}, revokedAt: expect.any(String) });
    expect((await org.hr('GET', `/people/${leaver}`)).body.status).toBe('departed');
    const reportMail = await eventually(async () => (await inboxMessages(cloud.inboxUrl)).find((m) => m.to.some((t) => t.address === `${org.hrId}@example.com`) && m.subject === `Departure ${done.id}: completed`), 'the report');
    expect(reportMail.text).toContain('held no account');
  });

  it('is one case however often it is submitted', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const responses = await Promise.all(Array.from({ length: 5 }, () => org.hr('POST', '/departures', { body: { personId: leaver } })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([caseIdOf(leaver)]));
    await caseWhen(org.hr, caseIdOf(leaver), (c) => c.closedAt !== undefined, 'the case to close');
    const stateMachineArn = `arn:aws:states:${cloud.region}:000000000000:stateMachine:${stateMachineName('handover')}`;
    const { executions } = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
    expect(executions?.filter((e) => e.name === caseIdOf(leaver))).toHaveLength(1);
  });

  it('sent by the HR system as an EventBridge event starts the same case as the API', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const put = await clients.events.send(new PutEventsCommand({ Entries: [{ Source: 'steward.hr', DetailType: 'Staff Departure', Detail: JSON.stringify({ personId: leaver }) }] }));
    expect(put.FailedEntryCount).toBe(0);
    const done = await caseWhen(org.hr, caseIdOf(leaver), (c) => c.closedAt !== undefined, 'the case to close');
    expect(done).toMatchObject({ personId: leaver, requestedBy: 'hr-system', status: 'completed' });
    // The same departure again, by the API: the same case.
    const again = await org.hr('POST', '/departures', { body: { personId: leaver } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(caseIdOf(leaver));
  });

  it('waits for a future effective time before anything changes', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const accountId = await org.account(await org.person('owner'));
    await org.grant(accountId, leaver);
    const effectiveAt = new Date(Date.now() + 4000).toISOString();
    const started = await org.hr('POST', '/departures', { body: { personId: leaver, effectiveAt } });
    expect(started.body).toMatchObject({ status: 'scheduled', effectiveAt });
    expect((await org.hr('GET', `/people/${leaver}`)).body.status).toBe('active');
    expect((await org.hr('GET', `/accounts/${accountId}/grants`)).body.items[0].status).toBe('active');
    const done = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close', 30_000);
    expect(Date.parse(done.openedAt)).toBeGreaterThanOrEqual(Date.parse(effectiveAt));
    expect((await org.hr('GET', `/accounts/${accountId}/grants`)).body.items[0]).toMatchObject({ status: 'revoked', revokedBy: 'steward' });
  });

  it('revokes every grant, hands owned accounts to a successor who accepts, clears backups, and tracks platform controls until confirmed', async () => {
    const org = await organisation();
    const manager = await org.person('manager');
    const leaver = await org.person('leaver', { managerId: manager });
    const backup = await org.person('backup');
    const successor = await org.person('successor');
    const otherOwner = await org.person('owner');
    const owned = await org.account(leaver, { backupOwnerId: backup, platformControl: { nativeAdmins: [{ personId: leaver, name: 'Leaver' }], twoFactor: { method: 'totp', holderId: leaver } } });
    const ownedAlone = await org.account(leaver);
    const backedUp = await org.account(otherOwner, { backupOwnerId: leaver });
    const granted = await Promise.all([org.account(otherOwner), org.account(otherOwner), org.account(otherOwner)]);
    for (const [i, id] of granted.entries()) await org.grant(id, leaver, i === 0);

    const started = await org.hr('POST', '/departures', { body: { personId: leaver, successorId: successor } });
    expect(started.status, started.text).toBe(201);
    const handedOver = await caseWhen(org.hr, started.body.id, (c) => c.reportedAt !== undefined, 'the first report');
    expect(handedOver.status).toBe('waiting');
    for (const id of granted) expect(handedOver.accounts[id].revoked.grantIds).toHaveLength(1);
    expect((await org.hr('GET', `/people/${leaver}/grants`)).body.items.every((g: { status: string }) => g.status === 'revoked')).toBe(true);
    expect(handedOver.accounts[backedUp].transfer.status).toBe('backup-removed');
    expect((await org.hr('GET', `/accounts/${backedUp}`)).body.backupOwnerId).toBeUndefined();
    // The backup owner holds the account at once; the leaver's other account keeps them on record until accepted.
    expect((await org.hr('GET', `/accounts/${owned}`)).body.ownerId).toBe(backup);
    expect(handedOver.accounts[owned].transfer).toMatchObject({ status: 'waiting', to: successor, interimOwnerId: backup });
    expect(handedOver.accounts[owned].controls).toEqual([
      { kind: 'native-admin', assignedTo: backup, status: 'open' },
      { kind: 'two-factor', assignedTo: backup, status: 'open' },
    ]);
    const approvalId = handedOver.accounts[owned].transfer.approvalId;
    expect(handedOver.accounts[ownedAlone].transfer.approvalId).toBe(approvalId);

    expect((await decideByLink(await linkFor(cloud, successor, approvalId), 'approve')).status).toBe(200);
    const transferred = await caseWhen(org.hr, started.body.id, (c) => c.accounts[owned].transfer.status === 'transferred' && c.accounts[ownedAlone].transfer.status === 'transferred', 'the transfer');
    expect((await org.hr('GET', `/accounts/${owned}`)).body).toMatchObject({ ownerId: successor, backupOwnerId: backup });
    expect((await org.hr('GET', `/accounts/${ownedAlone}`)).body.ownerId).toBe(successor);
    expect(transferred.accounts[owned].controls.map((t: { assignedTo: string }) => t.assignedTo)).toEqual([successor, successor]);
    expect(transferred.closedAt).toBeUndefined();

    // The new owner confirms the platform-side controls they took over; nobody else but governance may.
    const stranger = await callerAs(cloud, uniqueId('stranger'), ['hr']);
    expect((await stranger('POST', `/departures/${started.body.id}/controls/confirm`, { body: { accountId: owned, kind: 'two-factor' } })).status).toBe(403);
    const asSuccessor = await callerAs(cloud, successor, ['owner']);
    for (const kind of ['native-admin', 'two-factor']) await org.ok(asSuccessor('POST', `/departures/${started.body.id}/controls/confirm`, { body: { accountId: owned, kind } }));
    const closed = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close');
    expect(closed.status).toBe('completed');
    const final = await emailTo(cloud, org.hrId, started.body.id, /completed$/);
    expect(final.text).toContain(`${owned} (owner, control)`);
  });

  it('rotates every login the leaver could reveal, where the platform has a password API: the new one logs in, the old one not', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const owner = await org.person('owner');
    const viaGrant = await org.account(owner);
    const revealedOnly = await org.account(owner);
    const untouched = await org.account(owner);
    const logins = { viaGrant: await org.login(viaGrant, { passwordApi: true }), revealedOnly: await org.login(revealedOnly, { passwordApi: true }), untouched: await org.login(untouched, { passwordApi: true }) };
    await org.grant(viaGrant, leaver, true);
    // The leaver once saw this login, and lost the grant since: an exposure is what makes it rotate.
    await org.grant(revealedOnly, leaver, true);
    const asLeaver = await callerAs(cloud, leaver, ['employee']);
    expect((await asLeaver('POST', `/accounts/${revealedOnly}/credential/reveal`, { body: { reason: 'posting the launch' } })).status).toBe(200);
    const grants = (await org.hr('GET', `/accounts/${revealedOnly}/grants`)).body.items;
    await org.ok(org.hr('POST', `/accounts/${revealedOnly}/grants/${grants[0].id}/revoke`, { body: { reason: 'moved team' } }));

    const started = await org.hr('POST', '/departures', { body: { personId: leaver } });
    const done = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close', 60_000);
    expect(done.status).toBe('completed');
    expect(done.rotatedAt).toEqual(expect.any(String));
    for (const [accountId, before] of [[viaGrant, logins.viaGrant], [revealedOnly, logins.revealedOnly]] as const) {
      expect(done.accounts[accountId].rotation.status).toBe('rotated');
      const current = await secretOf(org.hr, accountId);
      const previous = await secretOf(org.hr, accountId, 'AWSPREVIOUS');
      expect(previous.password).toBe(before.password);
      expect(current.password).not.toBe(before.password);
      expect(current.password).toMatch(/^[^"'\\` ]{24}$/);
      expect(await logsInAs(before.platformAccountId, current.username, current.password)).toBe(true);
      expect(await logsInAs(before.platformAccountId, current.username, before.password)).toBe(false);
      expect((await org.hr('GET', `/accounts/${accountId}`)).body.credential).toMatchObject({ versionId: current.versionId, setBy: 'steward' });
    }
    expect(done.accounts[untouched]).toBeUndefined();
    expect((await secretOf(org.hr, untouched)).password).toBe(logins.untouched.password);
  });

  it('hands a login without a password API to a custodian: one reveal, set on the platform in a browser, confirm; then it is current', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const owner = await org.person('owner');
    const accountId = await org.account(owner);
    const before = await org.login(accountId, { passwordApi: false });
    await org.grant(accountId, leaver, true);

    const started = await org.hr('POST', '/departures', { body: { personId: leaver } });
    const waiting = await caseWhen(org.hr, started.body.id, (c) => c.accounts[accountId]?.rotation?.status === 'waiting', 'the custodian task');
    expect(waiting.accounts[accountId].rotation.detail).toContain(owner);
    const mail = await eventually(async () => (await inboxMessages(cloud.inboxUrl)).find((m) => m.to.some((t) => t.address === `${owner}@example.com`) && m.subject.startsWith('Action needed')), 'the custodian email');
    const link = /https?:\/\/\S+\/handover\/[A-Za-z0-9._-]+/.exec(mail.text ?? '')![0];
    // Until the custodian acts, the current password is the working one.
    expect(await logsInAs(before.platformAccountId, `user-${accountId}`, before.password)).toBe(true);

    // Scanners: GET and HEAD show the task, never the password.
    const scanned = await openLink(link);
    expect(scanned.status).toBe(200);
    expect(scanned.html).not.toContain('id="secret"');
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);

    const page = await browser.newPage();
    await page.goto(link);
    await page.click('button[value="reveal"]');
    const pending = (await page.textContent('#secret'))!;
    expect(pending).toHaveLength(24);
    expect(`${mail.text}${mail.html}`).not.toContain(pending);
    // On the platform's own settings page, as a person would.
    const platform = await browser.newPage();
    await platform.goto(`${cloud.platformUrl}/settings/${before.platformAccountId}`);
    await platform.fill('#current', before.password);
    await platform.fill('#next', pending);
    await platform.click('button');
    await platform.waitForSelector('h1:text("Password changed")');
    await page.click('button[value="confirm"]');
    await page.waitForSelector('h1:text("Thank you")');
    await page.close();
    await platform.close();

    const done = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close');
    expect(done.accounts[accountId].rotation.status).toBe('rotated');
    const current = await secretOf(org.hr, accountId);
    expect(current.password).toBe(pending);
    expect(await logsInAs(before.platformAccountId, current.username, current.password)).toBe(true);
    // Shown once: the same link cannot show it again.
    const again = await openLink(link);
    expect(again.html).not.toContain(pending);
    expect((await postDecision(link.replace('/decide/', '/handover/'), { decision: 'x', csrf: again.csrf, cookie: again.cookie })).html).not.toContain(pending);
    // The custodian now knows the login: remembered as an exposure, like a reveal.
    expect((await org.hr('GET', `/people/${owner}/accounts`)).body.credentialKnown).toContain(accountId);
    // The new password went nowhere but Secrets Manager (sealed there) and the platform (hashed there).
    assertNoSecretLeaked(cloud.dataDir, pending);
    // A link for this task naming anyone but its custodian, even properly signed, opens nothing.
    const claims = JSON.parse(Buffer.from(link.split('/handover/')[1]!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const { SecretString, VersionId } = await clients.secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
    const body = `v1.${Buffer.from(JSON.stringify({ ...claims, a: leaver, k: VersionId })).toString('base64url')}`;
    const forged = `${cloud.apiUrl}/handover/${body}.${createHmac('sha256', SecretString!).update(body).digest('base64url')}`;
    expect((await openLink(forged)).status).toBe(400);
  });

  it('of someone with 30 accounts across owner, backup, grant and revealed-only relations hands over every one', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const successor = await org.person('successor');
    const colleague = await org.person('colleague');
    const owned = await Promise.all(Array.from({ length: 8 }, async () => org.account(leaver, { backupOwnerId: colleague })));
    const backedUp = await Promise.all(Array.from({ length: 7 }, async () => org.account(colleague, { backupOwnerId: leaver })));
    const granted = await Promise.all(Array.from({ length: 10 }, async () => org.account(colleague)));
    const revealedOnly = await Promise.all(Array.from({ length: 5 }, async () => org.account(colleague)));
    for (const [i, id] of granted.entries()) {
      if (i < 5) await org.login(id, { passwordApi: true });
      await org.grant(id, leaver, i < 5);
    }
    const asLeaver = await callerAs(cloud, leaver, ['employee']);
    for (const id of revealedOnly) {
      await org.login(id, { passwordApi: true });
      const grant = await org.grant(id, leaver, true);
      expect((await asLeaver('POST', `/accounts/${id}/credential/reveal`, { body: { reason: 'posting the launch' } })).status).toBe(200);
      await org.ok(org.hr('POST', `/accounts/${id}/grants/${grant.id}/revoke`, { body: { reason: 'done' } }));
    }

    const started = await org.hr('POST', '/departures', { body: { personId: leaver, successorId: successor } });
    const reported = await caseWhen(org.hr, started.body.id, (c) => c.reportedAt !== undefined, 'the first report', 60_000);
    expect(Object.keys(reported.accounts)).toHaveLength(30);
    expect(reported.status).toBe('waiting');
    for (const id of owned) expect(reported.accounts[id].transfer).toMatchObject({ status: 'waiting', to: successor, interimOwnerId: colleague });
    for (const id of backedUp) expect(reported.accounts[id].transfer.status).toBe('backup-removed');
    for (const id of granted) expect(reported.accounts[id].revoked.grantIds).toHaveLength(1);
    for (const id of [...granted.slice(0, 5), ...revealedOnly]) expect(reported.accounts[id].rotation.status).toBe('rotated');
    for (const id of granted.slice(5)) expect(reported.accounts[id].rotation).toBeUndefined();
    expect((await org.hr('GET', `/people/${leaver}/accounts`)).body).toMatchObject({ owned: [], backup: [], granted: [] });

    await decideByLink(await linkFor(cloud, successor, reported.accounts[owned[0]!].transfer.approvalId), 'approve');
    const closed = await caseWhen(org.hr, started.body.id, (c) => c.closedAt !== undefined, 'the case to close');
    expect(closed.status).toBe('completed');
    for (const id of owned) expect((await org.hr('GET', `/accounts/${id}`)).body).toMatchObject({ ownerId: successor, backupOwnerId: colleague });
  });

  it('hands an only owner\'s account to the manager at once, who also takes the platform controls they held', async () => {
    const org = await organisation();
    const manager = await org.person('manager');
    const leaver = await org.person('leaver', { managerId: manager });
    const accountId = await org.account(leaver, { platformControl: { nativeAdmins: [{ personId: leaver, name: 'Only admin' }], recoveryEmail: { holderId: leaver, companyControlled: false, detail: 'leaver@gmail.example' } } });
    const started = await org.hr('POST', '/departures', { body: { personId: leaver } });
    const reported = await caseWhen(org.hr, started.body.id, (c) => c.reportedAt !== undefined, 'the first report');
    // No backup owner: the manager owns it at once, in the interim, and is asked to accept as successor.
    expect(reported.accounts[accountId].transfer).toMatchObject({ status: 'waiting', to: manager, interimOwnerId: manager });
    expect((await org.hr('GET', `/accounts/${accountId}`)).body.ownerId).toBe(manager);
    expect(reported.accounts[accountId].controls).toEqual([
      { kind: 'native-admin', assignedTo: manager, status: 'open' },
      { kind: 'recovery-email', assignedTo: manager, status: 'open' },
    ]);
    // Another successor request naming the case (not the one the case asked) settles nothing, even approved.
    const other = await org.person('other');
    const rogue = await org.ok(org.hr('POST', '/successor-requests', { body: { successorId: other, accountIds: [accountId], departureCaseId: started.body.id, reason: 'not the case' } }));
    await decideByLink(await linkFor(cloud, other, rogue.id), 'approve');
    await eventually(async () => ((await org.hr('GET', `/approvals/${rogue.id}`)).body.outcome?.requesterNotifiedAt ? true : undefined), 'the other request to finish');
    expect((await org.hr('GET', `/departures/${started.body.id}`)).body.accounts[accountId].transfer.status).toBe('waiting');
    expect((await org.hr('GET', `/accounts/${accountId}`)).body.ownerId).toBe(manager);

    await decideByLink(await linkFor(cloud, manager, reported.accounts[accountId].transfer.approvalId), 'approve');
    await caseWhen(org.hr, started.body.id, (c) => c.accounts[accountId].transfer.status === 'transferred', 'the transfer');
    expect((await org.hr('GET', `/accounts/${accountId}`)).body.ownerId).toBe(manager);
  });

  it('skips a successor whose own departure is on its way, and refuses a departed one up front', async () => {
    const org = await organisation();
    const manager = await org.person('manager');
    const leaver = await org.person('leaver', { managerId: manager });
    const alsoLeaving = await org.person('also-leaving');
    const accountId = await org.account(leaver);
    await org.ok(org.hr('POST', '/departures', { body: { personId: alsoLeaving, effectiveAt: new Date(Date.now() + 3_600_000).toISOString() } }));
    const started = await org.hr('POST', '/departures', { body: { personId: leaver, successorId: alsoLeaving } });
    const reported = await caseWhen(org.hr, started.body.id, (c) => c.reportedAt !== undefined, 'the first report');
    expect(reported.accounts[accountId].transfer.to).toBe(manager);

    const gone = await org.person('gone');
    await org.ok(org.hr('POST', '/departures', { body: { personId: gone } }));
    await eventually(async () => ((await org.hr('GET', `/people/${gone}`)).body.status === 'departed' ? true : undefined), 'the departure');
    const refused = await org.hr('POST', '/departures', { body: { personId: await org.person('next'), successorId: gone } });
    expect(refused.status).toBe(422);
  });

  it('rotates a login two leavers shared once both had lost access, with both cases complete', async () => {
    const org = await organisation();
    const [first, second] = [await org.person('leaver'), await org.person('leaver')];
    const owner = await org.person('owner');
    const shared = await Promise.all(Array.from({ length: 3 }, async () => org.account(owner)));
    const originals = new Map<string, string>();
    for (const id of shared) {
      originals.set(id, (await org.login(id, { passwordApi: true })).password);
      await org.grant(id, first, true);
      await org.grant(id, second, true);
    }
    const cases = await Promise.all([first, second].map((personId) => org.hr('POST', '/departures', { body: { personId } })));
    const done = await Promise.all(cases.map((c) => caseWhen(org.hr, c.body.id, (x) => x.closedAt !== undefined, 'both cases to close', 60_000)));
    for (const c of done) expect(c.status).toBe('completed');
    // A rotation that ends before the second leaver loses access leaves them knowing a login they could
    // still reveal, so it must be followed by another; once both have lost access, one rotation serves both.
    const bothRevoked = done.map((c) => c.revokedAt as string).sort().at(-1)!;
    for (const id of shared) {
      expect(done.map((c) => c.accounts[id].rotation.status)).toEqual(['rotated', 'rotated']);
      const rotations = ((await org.hr('GET', `/audit?entityType=account&entityId=${id}&action=credential.rotated`)).body.items as { after: { setAt: string } }[]).map((e) => e.after.setAt);
      expect(rotations.filter((setAt) => setAt >= bothRevoked)).toHaveLength(1);
      const current = await secretOf(org.hr, id);
      if (rotations.length === 1) expect((await secretOf(org.hr, id, 'AWSPREVIOUS')).password).toBe(originals.get(id));
      expect(await logsInAs((await org.hr('GET', `/accounts/${id}`)).body.platformAccountId, current.username, current.password)).toBe(true);
    }
  });

  it('retries a platform that fails for a while, and records a refusal for one account without stopping the others', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const owner = await org.person('owner');
    const [flaky, refused, fine] = [await org.account(owner), await org.account(owner), await org.account(owner)];
    const logins = { flaky: await org.login(flaky, { passwordApi: true }), refused: await org.login(refused, { passwordApi: true }), fine: await org.login(fine, { passwordApi: true }) };
    for (const id of [flaky, refused, fine]) await org.grant(id, leaver, true);
    // Someone changed this one on the platform behind Steward's back: the platform refuses the stored password.
    await platform('PUT', `/accounts/${logins.refused.platformAccountId}`, { username: `user-${refused}`, password: 'Changed-Elsewhere-1!', passwordApi: true });
    await platform('POST', '/_faults', { operation: 'password', count: 2 });

    const started = await org.hr('POST', '/departures', { body: { personId: leaver } });
    const done = await caseWhen(org.hr, started.body.id, (c) => c.reportedAt !== undefined, 'the report', 90_000);
    expect(done.status).toBe('partial');
    expect(done.accounts[refused].rotation).toMatchObject({ status: 'failed', detail: expect.stringContaining('refused') });
    for (const id of [flaky, fine]) {
      expect(done.accounts[id].rotation.status).toBe('rotated');
      const current = await secretOf(org.hr, id);
      expect(await logsInAs((await org.hr('GET', `/accounts/${id}`)).body.platformAccountId, current.username, current.password)).toBe(true);
    }
    // The refused account keeps its current version: nothing half-done was promoted.
    expect((await secretOf(org.hr, refused)).password).toBe(logins.refused.password);
    expect((await emailTo(cloud, org.hrId, started.body.id, /partial$/)).text).toContain(`${refused}`);
  });

  it('ends right whichever step fails, before or after doing its work: every login rotated once, and AWSCURRENT logs in', async () => {
    const steps = [
      ...['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((step) => ({ function: 'credentialRotation', field: 'DepartureCaseId', match: { Step: step } })),
      ...['schedule', 'open', 'revoke', 'hand-over', 'rotation-start', 'rotation-done', 'rotated', 'report'].map((action) => ({ function: 'handoverSteps', field: 'caseId', match: { action } })),
    ];
    const org = await organisation();
    const owner = await org.person('owner');
    // Each case is set up in turn and its departure starts at once, so the 32 handovers run side by side
    // while the next are set up; setting up all 32 at once as well made the registry's writes queue on the
    // audit head past the API's 30-second timeout on a loaded 2-core machine.
    const runs = [];
    for (const step of steps) {
      for (const when of ['before', 'after'] as const) {
        const leaver = await org.person('leaver');
        const accountId = await org.account(owner);
        const login = await org.login(accountId, { passwordApi: true });
        await org.grant(accountId, leaver, true);
        const fault = { function: step.function, when, count: 1, match: { ...step.match, [step.field]: caseIdOf(leaver) } };
        const injected = await fetch(`${cloud.awsEndpoint}/_steward/faults`, { method: 'POST', body: JSON.stringify(fault) });
        expect(injected.status).toBe(200);
        await org.ok(org.hr('POST', '/departures', { body: { personId: leaver } }));
        runs.push({ name: `${Object.values(step.match)[0]} ${when}`, caseId: caseIdOf(leaver), accountId, login });
      }
    }
    for (const run of runs) {
      const done = await caseWhen(org.hr, run.caseId, (c) => c.closedAt !== undefined, `${run.name}: the case to close`, 90_000);
      expect(done.status, run.name).toBe('completed');
      expect(done.accounts[run.accountId].rotation.status, run.name).toBe('rotated');
      const current = await secretOf(org.hr, run.accountId);
      expect((await secretOf(org.hr, run.accountId, 'AWSPREVIOUS')).password, `${run.name}: rotated once`).toBe(run.login.password);
      expect(await logsInAs(run.login.platformAccountId, current.username, current.password), `${run.name}: AWSCURRENT logs in`).toBe(true);
      const reports = (await inboxMessages(cloud.inboxUrl)).filter((m) => m.to.some((t) => t.address === `${org.hrId}@example.com`) && m.subject === `Departure ${run.caseId}: completed`);
      expect(reports, `${run.name}: one report`).toHaveLength(1);
    }
  }, 180_000);
});

