import { describe, expect, inject, it } from 'vitest';
import { caseIdOf } from '../../core/handover/departures.ts';
import { accountBody, callerAs, everyItem, inAYear, ok, personBody, registryFixture, uniqueId, departed } from '../support/api.ts';
import { eventually } from '../support/clients.ts';

const cloud = inject('localCloud');

describe('the registry API', () => {
  it('keeps people with unique emails and refuses a stale update with 409, changing nothing', async () => {
    const { admin } = await registryFixture(cloud);
    const id = uniqueId('p');
    const created = await admin('POST', '/people', { body: personBody(id, { email: `${id}@Example.COM` }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, email: `${id}@example.com`, status: 'active', version: 1 });
    expect(created.headers.get('etag')).toBe('"1"');
    const clash = await admin('POST', '/people', { body: personBody(uniqueId('p'), { email: `${id}@example.com` }) });
    expect(clash).toMatchObject({ status: 409, body: { message: expect.stringContaining('already belongs') } });

    const updated = await admin('PATCH', `/people/${id}`, { body: { team: 'moved' }, ifMatch: 1 });
    expect(updated.body).toMatchObject({ team: 'moved', version: 2 });
    const stale = await admin('PATCH', `/people/${id}`, { body: { team: 'lost' }, ifMatch: 1 });
    expect(stale.status).toBe(409);
    expect((await admin('GET', `/people/${id}`)).body).toMatchObject({ team: 'moved', version: 2 });
  });

  it('lets exactly one of 20 concurrent updates with the same version win', async () => {
    const { admin, account } = await registryFixture(cloud);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin('PATCH', `/accounts/${account.id}`, { body: { purpose: `writer ${i}` }, ifMatch: account.version })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)!.body.purpose;
    expect((await admin('GET', `/accounts/${account.id}`)).body).toMatchObject({ purpose: winner, version: account.version + 1 });
    expect((await admin('GET', '/audit/verify')).body).toMatchObject({ ok: true });
  });

  it('grants one live grant per person and account, even to concurrent requests', async () => {
    const { admin, account } = await registryFixture(cloud);
    const member = uniqueId('m');
    await admin('POST', '/people', { body: personBody(member) });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => admin('POST', `/accounts/${account.id}/grants`, { body: { personId: member, role: 'publisher', reason: 'race' } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const grants = (await admin('GET', `/accounts/${account.id}/grants`)).body.items;
    expect(grants.filter((g: { personId: string }) => g.personId === member)).toHaveLength(1);
  });

  it('refuses access to a person without current training (422) and to a departed one', async () => {
    const { admin, account } = await registryFixture(cloud);
    const untrained = uniqueId('u');
    await admin('POST', '/people', { body: personBody(untrained, { trainingExpiresAt: '2026-01-01' }) });
    const refused = await admin('POST', `/accounts/${account.id}/grants`, { body: { personId: untrained, role: 'viewer', reason: 'x' } });
    expect(refused).toMatchObject({ status: 422, body: { message: expect.stringContaining('no current social media training') } });
    const leaver = uniqueId('l');
    await admin('POST', '/people', { body: personBody(leaver) });
    await departed(admin, leaver);
    expect((await admin('POST', `/accounts/${account.id}/grants`, { body: { personId: leaver, role: 'viewer', reason: 'x' } })).status).toBe(422);
  });

  it('refuses a second account with the same platform account id, whatever its handle', async () => {
    const { admin, ownerId } = await registryFixture(cloud);
    const body = accountBody(ownerId);
    expect((await admin('POST', '/accounts', { body })).status).toBe(201);
    const recycled = await admin('POST', '/accounts', { body: { ...body, handle: '@renamed' } });
    expect(recycled).toMatchObject({ status: 409, body: { message: expect.stringContaining('already in the registry') } });
  });

  it('answers the person-centred queries: owned, backed up, granted, logins known', async () => {
    const { admin, ownerId, account } = await registryFixture(cloud);
    const backup = uniqueId('b');
    await admin('POST', '/people', { body: personBody(backup) });
    await admin('PATCH', `/accounts/${account.id}`, { body: { backupOwnerId: backup } });
    await admin('POST', `/accounts/${account.id}/grants`, { body: { personId: backup, role: 'admin', credentialAccess: true, reason: 'backup runs it' } });
    expect((await admin('GET', `/people/${ownerId}/accounts`)).body).toMatchObject({ owned: [account.id], backup: [] });
    expect((await admin('GET', `/people/${backup}/accounts`)).body).toMatchObject({
      owned: [],
      backup: [account.id],
      granted: [{ accountId: account.id, role: 'admin', credentialAccess: true }],
      credentialKnown: [account.id],
    });
    // Ownership moves: the relationship items move with it.
    const current = (await admin('GET', `/accounts/${account.id}`)).body;
    await admin('PATCH', `/accounts/${account.id}`, { body: { ownerId: backup, backupOwnerId: ownerId }, ifMatch: current.version });
    expect((await admin('GET', `/people/${backup}/accounts`)).body).toMatchObject({ owned: [account.id], backup: [] });
    expect((await admin('GET', `/people/${ownerId}/accounts`)).body).toMatchObject({ owned: [], backup: [account.id] });
  });

  it('lists accounts by platform, team, status and tier; a word outside the vocabulary is a 400', async () => {
    const { admin, ownerId } = await registryFixture(cloud);
    const team = uniqueId('team');
    const made = [];
    for (const [platform, riskTier] of [['mastodon', 'critical'], ['mastodon', 'low'], ['reddit', 'critical']]) made.push((await admin('POST', '/accounts', { body: accountBody(ownerId, { platform, team, riskTier }) })).body);
    await admin('POST', `/accounts/${made[2].id}/retire`, { body: { reason: 'closed' } });
    const byTeam = (await admin('GET', `/accounts?team=${team}`)).body.items;
    expect(byTeam.map((a: { id: string }) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
    const activeInTeam = (await admin('GET', `/accounts?team=${team}&status=active`)).body.items;
    expect(activeInTeam).toHaveLength(2);
    const mastodonInTeam = (await admin('GET', `/accounts?platform=mastodon&team=${team}`)).body.items;
    expect(mastodonInTeam).toHaveLength(2);
    const criticalInTeam = (await admin('GET', `/accounts?team=${team}&riskTier=critical`)).body.items;
    expect(criticalInTeam.map((a: { id: string }) => a.id).sort()).toEqual([made[0].id, made[2].id].sort());
    // A filtered page is still full: one account a page, two pages.
    const first = (await admin('GET', `/accounts?team=${team}&riskTier=critical&limit=1`)).body;
    expect(first.items).toHaveLength(1);
    const second = (await admin('GET', `/accounts?team=${team}&riskTier=critical&limit=1&next=${encodeURIComponent(first.next)}`)).body;
    expect([...first.items, ...second.items].map((a: { id: string }) => a.id).sort()).toEqual([made[0].id, made[2].id].sort());
    for (const query of ['platform=myspace', 'status=lost', 'riskTier=extreme']) {
      const refused = await admin('GET', `/accounts?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.message).toMatch(/invalid accounts filter/);
    }
  });

  it('retires an account and revokes its grants in the same transaction', async () => {
    const { admin, account } = await registryFixture(cloud);
    const member = uniqueId('m');
    await admin('POST', '/people', { body: personBody(member) });
    await admin('POST', `/accounts/${account.id}/grants`, { body: { personId: member, role: 'viewer', reason: 'x' } });
    const retired = await admin('POST', `/accounts/${account.id}/retire`, { body: { reason: 'brand closed' } });
    expect(retired.body).toMatchObject({ status: 'retired', retiredReason: 'brand closed' });
    const grants = (await admin('GET', `/accounts/${account.id}/grants`)).body.items;
    expect(grants.every((g: { status: string; revokedReason: string }) => g.status === 'revoked' && g.revokedReason.includes('brand closed'))).toBe(true);
    expect((await admin('PATCH', `/accounts/${account.id}`, { body: { purpose: 'revive' } })).status).toBe(422);
  });

  it('lets an owner edit the descriptive fields of their own account but not its ownership or risk', async () => {
    const { account, ownerId } = await registryFixture(cloud);
    const owner = await callerAs(cloud, ownerId, ['owner']);
    expect((await owner('PATCH', `/accounts/${account.id}`, { body: { purpose: 'owner wrote this' } })).status).toBe(200);
    expect((await owner('PATCH', `/accounts/${account.id}`, { body: { riskTier: 'low' } })).status).toBe(403);
    const stranger = await callerAs(cloud, uniqueId('x'), ['owner']);
    expect((await stranger('PATCH', `/accounts/${account.id}`, { body: { purpose: 'not mine' } })).status).toBe(403);
  });

  it('records every change in the audit trail with before and after', async () => {
    const { admin, account } = await registryFixture(cloud);
    await admin('PATCH', `/accounts/${account.id}`, { body: { purpose: 'audited change' } });
    const events = await everyItem(admin, `/audit?entityType=account&entityId=${account.id}`);
    const change = events.find((e) => e.action === 'account.updated');
    expect(change).toMatchObject({ before: { purpose: 'testing' }, after: { purpose: 'audited change' }, actor: expect.any(String) });
    expect(change.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('searches the audit trail by entity, person, action and time, in order, page by page', async () => {
    const { admin, adminId, account } = await registryFixture(cloud);
    const started = new Date().toISOString();
    for (let i = 0; i < 5; i++) await ok(admin('PATCH', `/accounts/${account.id}`, { body: { purpose: `change ${i}` } }));
    const byEntity = await everyItem(admin, `/audit?entityType=account&entityId=${account.id}&action=account.updated`);
    expect(byEntity.map((e) => e.after.purpose)).toEqual(['change 0', 'change 1', 'change 2', 'change 3', 'change 4']);
    // Pages of two over the whole trail filtered by who and when: every page full but the last, nothing twice.
    const pages = [];
    let next: string | undefined;
    do {
      const page = await ok(admin('GET', `/audit?actor=${adminId}&from=${started}&limit=2${next ? `&next=${next}` : ''}`));
      pages.push(page.items.map((e: { seq: number }) => e.seq));
      next = page.next;
    } while (next);
    const seqs = pages.flat();
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs).toEqual(byEntity.map((e) => e.seq));
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    const before = (await ok(admin('GET', `/audit?actor=${adminId}&to=${started}`))).items;
    expect(before.map((e: { action: string }) => e.action)).toContain('account.created');
    expect(before.every((e: { at: string; action: string }) => e.at <= started && e.action !== 'account.updated')).toBe(true);
    // A search that cannot mean anything is refused, not widened.
    for (const bad of ['entityType=account', 'from=yesterday', `from=${new Date().toISOString()}&to=${started}`, 'actorr=x', 'action=DROP%20TABLE']) {
      expect((await admin('GET', `/audit?${bad}`)).status, bad).toBe(400);
    }
  });

  it('keeps policies with their review dates', async () => {
    const { admin, adminId } = await registryFixture(cloud);
    const id = uniqueId('pol');
    const body = { id, title: 'Test policy', kind: 'policy', documentVersion: '1.0', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: adminId, nextReviewAt: inAYear() };
    expect((await admin('POST', '/policies', { body })).status).toBe(201);
    expect((await admin('POST', '/policies', { body })).status).toBe(409);
    expect((await admin('PATCH', `/policies/${id}`, { body: { documentVersion: '1.1' }, ifMatch: 1 })).body).toMatchObject({ documentVersion: '1.1', version: 2 });
  });
});

describe('an account whose owner has departed', () => {
  it('can still be edited, and handed to an active owner, but not to a departed one', async () => {
    const { admin, account, ownerId } = await registryFixture(cloud);
    await departed(admin, ownerId);
    // The handover writes the account after revoking (hand-over, then rotation): edits race it until then (409).
    await eventually(async () => ((await ok(admin('GET', `/departures/${caseIdOf(ownerId)}`))).rotatedAt ? true : undefined), 'the handover past its account writes');
    expect((await admin('PATCH', `/accounts/${account.id}`, { body: { purpose: 'still editable' } })).status).toBe(200);
    const successor = uniqueId('s');
    await admin('POST', '/people', { body: personBody(successor) });
    expect((await admin('PATCH', `/accounts/${account.id}`, { body: { ownerId: successor } })).body).toMatchObject({ ownerId: successor });
    expect((await admin('PATCH', `/accounts/${account.id}`, { body: { ownerId } })).status).toBe(422);
  });
});
