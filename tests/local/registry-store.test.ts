import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoRegistryStore } from '../../adapters/dynamodb/registry-store.ts';
import { personBody, registryFixture, uniqueId } from '../support/api.ts';
import { localClients } from '../support/clients.ts';

/** The DynamoDB adapter's due-date index, against DynamoDB Local: what the scheduled reviews will sweep. */
const cloud = inject('localCloud');
let store: DynamoRegistryStore;

beforeAll(() => {
  store = new DynamoRegistryStore({ client: localClients(cloud).documents, tableName: cloud.registryTable });
});

async function allDue(kind: 'TRAINING' | 'GRANT_EXPIRY' | 'POLICY_REVIEW', date: string) {
  const items: { id: string; dueAt: string }[] = [];
  let next: string | undefined;
  do {
    const page = await store.dueBy(kind, date, { limit: 25, next });
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}

describe('items due by date', () => {
  it('returns training expiring by a date, oldest first, and nothing later or departed', async () => {
    const { admin } = await registryFixture(cloud);
    const soon = uniqueId('soon');
    const later = uniqueId('later');
    const gone = uniqueId('gone');
    await admin('POST', '/people', { body: personBody(soon, { trainingExpiresAt: '2001-02-03' }) });
    await admin('POST', '/people', { body: personBody(later, { trainingExpiresAt: '2099-01-01' }) });
    await admin('POST', '/people', { body: personBody(gone, { trainingExpiresAt: '2001-02-03' }) });
    await admin('PATCH', `/people/${gone}`, { body: { status: 'departed' } });
    const due = await allDue('TRAINING', '2001-02-03');
    expect(due).toContainEqual({ id: soon, dueAt: '2001-02-03' });
    expect(due.map((d) => d.id)).not.toContain(later);
    expect(due.map((d) => d.id)).not.toContain(gone);
    expect(due.map((d) => d.dueAt)).toEqual([...due.map((d) => d.dueAt)].sort());
  });

  it('returns grants expiring and policies due for review', async () => {
    const { admin, account, adminId } = await registryFixture(cloud);
    const member = uniqueId('m');
    await admin('POST', '/people', { body: personBody(member) });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const grant = (await admin('POST', `/accounts/${account.id}/grants`, { body: { personId: member, role: 'viewer', reason: 'temp', expiresAt } })).body;
    expect(await allDue('GRANT_EXPIRY', expiresAt.slice(0, 10))).toContainEqual({ id: grant.id, dueAt: expiresAt });
    const policyId = uniqueId('pol');
    await admin('POST', '/policies', { body: { id: policyId, title: 'T', kind: 'policy', documentVersion: '1', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: adminId, nextReviewAt: '2001-01-01' } });
    expect(await allDue('POLICY_REVIEW', '2001-01-01')).toContainEqual({ id: policyId, dueAt: '2001-01-01' });
    expect((await allDue('POLICY_REVIEW', '2000-12-31')).map((d) => d.id)).not.toContain(policyId);
  });
});
