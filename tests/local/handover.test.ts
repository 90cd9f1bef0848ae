import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { stateMachineName } from '../../workflows/index.ts';
import { accountBody, callerAs, personBody, uniqueId, type Caller } from '../support/api.ts';
import { decideByLink, emailTo, linkFor } from '../support/approvals.ts';
import { eventually, localClients } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';

/**
 * Offboarding on the local cloud: departures through the API, the handover workflow, successors accepting
 * by email link, and the report in the real inbox.
 */
const cloud = inject('localCloud');
const clients = localClients(cloud);

async function organisation() {
  const hrId = uniqueId('hr');
  const hr = await callerAs(cloud, hrId, ['admin', 'hr']);
  const ok = async (response: Promise<{ status: number; text: string; body: any }>) => {
    const r = await response;
    if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    return r.body;
  };
  await ok(hr('POST', '/people', { body: personBody(hrId, { team: 'hr' }) }));
  const person = async (prefix: string, extra: Record<string, unknown> = {}) => (await ok(hr('POST', '/people', { body: personBody(uniqueId(prefix), extra) }))).id as string;
  const account = async (ownerId: string, extra: Record<string, unknown> = {}) => (await ok(hr('POST', '/accounts', { body: accountBody(ownerId, { riskTier: 'low', ...extra }) }))).id as string;
  const grant = async (accountId: string, personId: string, credentialAccess = false) => ok(hr('POST', `/accounts/${accountId}/grants`, { body: { personId, role: 'publisher', credentialAccess, reason: 'runs it' } }));
  return { hr, hrId, ok, person, account, grant };
}

async function caseWhen(hr: Caller, caseId: string, done: (c: any) => boolean, what: string, timeoutMs?: number) {
  return eventually(async () => {
    const response = await hr('GET', `/departures/${caseId}`);
    return response.status === 200 && done(response.body) ? response.body : undefined;
  }, what, timeoutMs);
}

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
});
