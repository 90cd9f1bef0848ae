import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, inject, it } from 'vitest';
import { callerAs, everyItem, personBody, registryFixture, seenResponses, uniqueId, departed } from '../support/api.ts';
import { localClients } from '../support/clients.ts';
import { SECRET_MARKER } from '../support/secrets.ts';

const cloud = inject('localCloud');
const { secrets, dynamodb } = localClients(cloud);

/** A password no other test uses, recognisable by the scan. */
const newPassword = () => `${SECRET_MARKER}${randomUUID()}`;

async function accountWithLogin() {
  const fixture = await registryFixture(cloud);
  const password = newPassword();
  const set = await fixture.admin('PUT', `/accounts/${fixture.account.id}/credential`, { body: { username: 'brand', password, totpSeed: 'JBSWY3DPEHPK3PXP' } });
  expect(set.status).toBe(200);
  return { ...fixture, password };
}

async function memberWith(fixture: Awaited<ReturnType<typeof registryFixture>>, grant: { credentialAccess: boolean } | undefined, person: Record<string, unknown> = {}) {
  const id = uniqueId('m');
  await fixture.admin('POST', '/people', { body: personBody(id, person) });
  if (grant) expect((await fixture.admin('POST', `/accounts/${fixture.account.id}/grants`, { body: { personId: id, role: 'publisher', reason: 'test', ...grant } })).status).toBe(201);
  return { id, call: await callerAs(cloud, id, ['employee']) };
}

describe('shared logins', () => {
  it('stores the login in Secrets Manager, tagged with the account, and only a reference in the registry', async () => {
    const { admin, account, password } = await accountWithLogin();
    const stored = (await admin('GET', `/accounts/${account.id}`)).body;
    expect(stored.credential).toMatchObject({ secretArn: expect.stringContaining(`steward/local/accounts/${account.id}`), versionId: expect.any(String) });
    expect(JSON.stringify(stored)).not.toContain(password);
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: stored.credential.secretArn }));
    expect(JSON.parse(secret.SecretString!)).toMatchObject({ username: 'brand', password });
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: stored.credential.secretArn }))).Tags).toEqual([{ Key: 'steward:account-id', Value: account.id }]);
  });

  it('reveals the login to a trained holder of a grant with the credential right, and remembers the exposure', async () => {
    const fixture = await accountWithLogin();
    const member = await memberWith(fixture, { credentialAccess: true });
    // No reason, no login: the refusal changes nothing.
    for (const body of [undefined, {}, { reason: '   ' }]) {
      const refused = await member.call('POST', `/accounts/${fixture.account.id}/credential/reveal`, { body });
      expect(refused.status).toBe(400);
      expect(refused.text).not.toContain(fixture.password);
    }
    expect(await everyItem(fixture.admin, `/audit?entityType=account&entityId=${fixture.account.id}&action=credential.revealed`)).toEqual([]);
    const revealed = await member.call('POST', `/accounts/${fixture.account.id}/credential/reveal`, { body: { reason: 'posting the launch' } });
    expect(revealed).toMatchObject({ status: 200, body: { username: 'brand', password: fixture.password } });
    const footprint = (await fixture.admin('GET', `/people/${member.id}/accounts`)).body;
    expect(footprint.credentialKnown).toEqual([fixture.account.id]);
    const [event] = await everyItem(fixture.admin, `/audit?entityType=account&entityId=${fixture.account.id}&action=credential.revealed`);
    expect(event).toMatchObject({ actor: member.id, reason: 'posting the launch' });
  });

  it.each([
    ['without a grant', undefined, {}],
    ['with a grant that excludes the login', { credentialAccess: false }, {}],
    ['with expired training', { credentialAccess: true }, { expire: true }],
    ['after departing', { credentialAccess: true }, { depart: true }],
  ])('refuses to reveal %s, with 403, and records no exposure', async (_, grant, change) => {
    const fixture = await accountWithLogin();
    const member = await memberWith(fixture, grant);
    if ('expire' in change) await fixture.admin('PATCH', `/people/${member.id}`, { body: { trainingExpiresAt: '2026-01-01' } });
    if ('depart' in change) await departed(fixture.admin, member.id);
    const refused = await member.call('POST', `/accounts/${fixture.account.id}/credential/reveal`, { body: { reason: 'posting the launch' } });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(fixture.password);
    const footprint = (await fixture.admin('GET', `/people/${member.id}/accounts`)).body;
    // A live grant with the credential right counts as knowing the login (a departure ends it); a refused
    // reveal adds nothing.
    expect(footprint.credentialKnown).toEqual(grant?.credentialAccess && !('depart' in change) ? [fixture.account.id] : []);
  });

  it('lets only the governance team and the account owner set a login', async () => {
    const fixture = await accountWithLogin();
    const owner = await callerAs(cloud, fixture.ownerId, ['owner']);
    expect((await owner('PUT', `/accounts/${fixture.account.id}/credential`, { body: { username: 'u', password: newPassword() } })).status).toBe(200);
    const member = await memberWith(fixture, { credentialAccess: true });
    expect((await member.call('PUT', `/accounts/${fixture.account.id}/credential`, { body: { username: 'u', password: newPassword() } })).status).toBe(403);
  });

  it('never lets a login value reach the audit trail, the registry table, the logs or another response', async () => {
    const fixture = await accountWithLogin();
    const member = await memberWith(fixture, { credentialAccess: true });
    await member.call('POST', `/accounts/${fixture.account.id}/credential/reveal`, { body: { reason: 'posting the launch' } });
    // A rejected write must not echo the value either.
    const rejected = newPassword();
    const bad = await fixture.admin('PUT', `/accounts/${fixture.account.id}/credential`, { body: { username: 'u', password: rejected, unexpected: rejected } });
    expect(bad.status).toBe(400);

    const { Items } = await dynamodb.send(new ScanCommand({ TableName: cloud.registryTable }));
    const table = JSON.stringify(Items);
    const log = readFileSync(join(cloud.dataDir, 'local-cloud.log'), 'utf8');
    const responses = seenResponses.filter((r) => !r.path.endsWith('/credential/reveal')).map((r) => r.text).join('\n');
    for (const [where, text] of [['registry table (audit records included)', table], ['local cloud log', log], ['API responses', responses]] as const) {
      expect(text.includes(fixture.password), where).toBe(false);
      expect(text.includes(rejected), where).toBe(false);
      expect(text.includes(SECRET_MARKER), where).toBe(false);
    }
  });
});
