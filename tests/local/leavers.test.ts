import { describe, expect, inject, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { callerAs, ok, uniqueId } from '../support/api.ts';
import { decideByLink, linkFor } from '../support/approvals.ts';
import { caseWhen, handoverKit } from '../support/handover.ts';
import { eventually } from '../support/clients.ts';
import { inboxMessages } from '../support/inbox.ts';

/**
 * The two promises, each defect that broke one of them as its own case: once someone leaves, nothing is theirs
 * any more (their token, tasks, stages, ownership); every login they knew changes, whatever made them know it.
 */
const cloud = inject('localCloud');
const { organisation, logsInAs, secretOf } = handoverKit(cloud);

const reported = (hr: Parameters<typeof caseWhen>[0], leaver: string) => caseWhen(hr, caseIdOf(leaver), (c) => c.reportedAt !== undefined, `the report of ${leaver}'s departure`, 60_000);

describe('a leaver', () => {
  it("cannot use a token issued before they left: the API asks the registry, not the token's roles", async () => {
    const org = await organisation();
    const owner = await org.person('owner');
    const accountId = await org.account(owner);
    const admin = await org.person('admin');
    const asAdmin = await callerAs(cloud, admin, ['admin']);
    expect((await asAdmin('PATCH', `/accounts/${accountId}`, { body: { purpose: 'while still here' } })).status).toBe(200);

    await org.ok(org.hr('POST', '/departures', { body: { personId: admin } }));
    await reported(org.hr, admin);
    const changed = await asAdmin('PATCH', `/accounts/${accountId}`, { body: { purpose: 'after leaving' } });
    expect(changed).toMatchObject({ status: 403, body: { error: 'ForbiddenError', message: expect.stringContaining('no longer on staff') } });
    expect((await asAdmin('PUT', `/accounts/${accountId}/credential`, { body: { username: 'u', password: 'after-leaving' } })).status).toBe(403);
    expect((await asAdmin('GET', '/me')).status).toBe(403);
    expect((await org.hr('GET', `/accounts/${accountId}`)).body.purpose).toBe('while still here');
  });

  it('is refused from the effective time of a departure on its way, before the handover has run', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const asLeaver = await callerAs(cloud, leaver, ['employee']);
    expect((await asLeaver('GET', '/me')).status).toBe(200);
    await org.ok(org.hr('POST', '/departures', { body: { personId: leaver, effectiveAt: new Date(Date.now() + 60_000).toISOString() } }));
    expect((await asLeaver('GET', '/me')).status).toBe(200);
    expect((await org.hr('GET', `/people/${leaver}`)).body).toMatchObject({ status: 'active', leavingAt: expect.any(String) });
  });
});

describe('a caller', () => {
  it('unknown to the registry is refused, whatever roles the token claims', async () => {
    const stranger = await callerAs(cloud, uniqueId('stranger'), ['admin', 'hr'], false);
    expect(await stranger('GET', '/accounts')).toMatchObject({ status: 403, body: { message: expect.stringContaining('not in the registry') } });
    expect((await stranger('POST', '/people', { body: { id: uniqueId('p'), email: 'p@example.com', name: 'P', team: 't' } })).status).toBe(403);
  });

  it('may use only the roles the registry allows them, when it lists any', async () => {
    const org = await organisation();
    const employee = await org.person('employee', { roles: ['employee'] });
    const claimsAdmin = await callerAs(cloud, employee, ['admin', 'employee']);
    expect((await claimsAdmin('GET', '/people')).status).toBe(403);
    expect((await claimsAdmin('GET', '/me')).body.principal.roles).toEqual(['employee']);
  });

  it("cannot mark someone departed by hand: a person's status changes only through a departure", async () => {
    const org = await organisation();
    const person = await org.person('p');
    const patched = await org.hr('PATCH', `/people/${person}`, { body: { status: 'departed' } });
    expect(patched).toMatchObject({ status: 422, body: { message: expect.stringContaining('POST /departures') } });
    expect((await org.hr('GET', `/people/${person}`)).body.status).toBe('active');
  });
});

describe('every login a leaver knew changes', () => {
  it('including one they set themselves, never granted and never revealed', async () => {
    const org = await organisation();
    const setter = await org.person('setter');
    const asSetter = await callerAs(cloud, setter, ['admin']);
    const accountId = await org.account(await org.person('owner'));
    const before = await org.login(accountId, { passwordApi: true, by: asSetter });
    expect((await org.hr('GET', `/people/${setter}/accounts`)).body.credentialKnown).toEqual([accountId]);

    await org.ok(org.hr('POST', '/departures', { body: { personId: setter } }));
    const done = await caseWhen(org.hr, caseIdOf(setter), (c) => c.closedAt !== undefined, 'the case to close', 60_000);
    expect(done.accounts[accountId]).toMatchObject({ relations: ['credential'], rotation: { status: 'rotated' } });
    const now = await secretOf(org.hr, accountId);
    expect(now.password).not.toBe(before.password);
    expect(await logsInAs(before.platformAccountId, now.username, now.password)).toBe(true);
    expect(await logsInAs(before.platformAccountId, before.username, before.password)).toBe(false);
  });
});

describe('nobody leaving is handed anything', () => {
  it('when two people holding platform controls of one account leave at the same moment', async () => {
    const org = await organisation();
    const manager = await org.person('manager');
    const first = await org.person('first', { managerId: manager });
    const second = await org.person('second', { managerId: manager });
    const accountId = await org.account(first, { backupOwnerId: second, platformControl: { nativeAdmins: [{ personId: first, name: 'First' }, { personId: second, name: 'Second' }], twoFactor: { method: 'totp', holderId: second } } });

    await Promise.all([first, second].map((personId) => org.ok(org.hr('POST', '/departures', { body: { personId } }))));
    const cases = await Promise.all([first, second].map((leaver) => reported(org.hr, leaver)));
    const settled = await Promise.all(cases.map((c) => org.ok(org.hr('GET', `/departures/${c.id}`))));
    const tasks = settled.flatMap((c) => c.accounts[accountId]?.controls ?? []);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect([first, second]).not.toContain(task.assignedTo);
    const account = await org.ok(org.hr('GET', `/accounts/${accountId}`));
    expect([first, second]).not.toContain(account.ownerId);
    expect([first, second]).not.toContain(account.backupOwnerId);

    const asSecond = await callerAs(cloud, second, ['owner']);
    const confirmed = await asSecond('POST', `/departures/${cases[0]!.id}/controls/confirm`, { body: { accountId, kind: 'native-admin' } });
    expect(confirmed.status).toBe(403);
  });

  it('and an account whose only owner leaves has an owner who can act at once: the manager, until the successor accepts', async () => {
    const org = await organisation();
    const manager = await org.person('manager');
    const leaver = await org.person('leaver', { managerId: manager });
    const successor = await org.person('successor');
    const accountId = await org.account(leaver);

    await org.ok(org.hr('POST', '/departures', { body: { personId: leaver, successorId: successor } }));
    const waiting = await reported(org.hr, leaver);
    expect(waiting.accounts[accountId].transfer).toMatchObject({ status: 'waiting', to: successor, interimOwnerId: manager });
    expect((await org.ok(org.hr('GET', `/accounts/${accountId}`))).ownerId).toBe(manager);

    expect((await decideByLink(await linkFor(cloud, successor, waiting.accounts[accountId].transfer.approvalId), 'approve')).status).toBe(200);
    await caseWhen(org.hr, waiting.id, (c) => c.accounts[accountId].transfer.status === 'transferred', 'the transfer');
    expect((await org.ok(org.hr('GET', `/accounts/${accountId}`))).ownerId).toBe(successor);
  });
});

describe('an approval stage waiting for a leaver', () => {
  it('goes to its fallback group at once, and the handover settles', async () => {
    const org = await organisation();
    const governance = await org.person('governance', { team: 'governance' });
    const owner = await org.person('owner');
    const requester = await org.person('requester');
    const accountId = await org.account(owner);
    const asked = await org.ok((await callerAs(cloud, requester, ['employee']))('POST', '/access-requests', { body: { accountId, role: 'viewer', reason: 'covering' } }));
    await eventually(async () => ((await org.ok(org.hr('GET', `/approvals/${asked.id}`))).stages[0].approvers.includes(owner) ? true : undefined), 'the owner asked');

    await org.ok(org.hr('POST', '/departures', { body: { personId: owner } }));
    await reported(org.hr, owner);
    const request = await org.ok(org.hr('GET', `/approvals/${asked.id}`));
    expect(request.stages[0].approvers).not.toContain(owner);
    expect(request.stages[0].approvers).toContain(governance);
    expect(request.stages[0]).toMatchObject({ status: 'pending', round: 1 });
  });
});

describe('a successor who is also the one who asked for the departure', () => {
  it('is asked by Steward, and accepts: the handover does not fail (found by the model-based test)', async () => {
    const org = await organisation();
    const leaver = await org.person('leaver');
    const accountId = await org.account(leaver);
    await org.ok(org.hr('POST', '/departures', { body: { personId: leaver, successorId: org.hrId } }));
    const waiting = await reported(org.hr, leaver);
    expect(waiting.accounts[accountId].transfer).toMatchObject({ status: 'waiting', to: org.hrId });
    expect((await decideByLink(await linkFor(cloud, org.hrId, waiting.accounts[accountId].transfer.approvalId), 'approve')).status).toBe(200);
    await caseWhen(org.hr, waiting.id, (c) => c.accounts[accountId].transfer.status === 'transferred', 'the transfer');
    expect((await org.ok(org.hr('GET', `/accounts/${accountId}`))).ownerId).toBe(org.hrId);
  });
});

describe('reports', () => {
  it('reach each recipient once per state of a case, however many departures and answers land at once', async () => {
    const org = await organisation();
    const successor = await org.person('successor');
    const leavers = await Promise.all(Array.from({ length: 6 }, (_, i) => org.person(`leaver${i}`)));
    for (const leaver of leavers) await org.account(leaver, { platformControl: { nativeAdmins: [{ personId: leaver, name: 'Leaver' }] } });

    await Promise.all(leavers.map((personId) => org.ok(org.hr('POST', '/departures', { body: { personId, successorId: successor } }))));
    // The successor accepts each case the moment they are asked: each acceptance reports its case while the
    // workflow's own report step runs.
    const transferOf = (c: any) => Object.values(c.accounts as Record<string, { transfer?: { approvalId?: string; status: string } }>)[0]?.transfer;
    await Promise.all(
      leavers.map(async (leaver) => {
        const asked = await caseWhen(org.hr, caseIdOf(leaver), (c) => transferOf(c)?.approvalId !== undefined, 'the successor asked');
        expect((await decideByLink(await linkFor(cloud, successor, transferOf(asked)!.approvalId!), 'approve')).status).toBe(200);
      }),
    );
    const cases = await Promise.all(leavers.map((leaver) => caseWhen(org.hr, caseIdOf(leaver), (c) => c.reportedAt !== undefined && transferOf(c)?.status === 'transferred', 'the report and the transfer', 60_000)));

    const reports = (await inboxMessages(cloud.inboxUrl)).filter((m) => m.to.some((t) => t.address === `${org.hrId}@example.com`) && cases.some((c) => m.subject.startsWith(`Departure ${c.id}:`)));
    const counts = new Map<string, number>();
    for (const message of reports) counts.set(message.subject, (counts.get(message.subject) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(cases.map((c) => `Departure ${c.id}: waiting`).sort());
    expect([...counts.values()]).toEqual(cases.map(() => 1));
  });
});
