import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoRegistryStore } from '../../adapters/dynamodb/registry-store.ts';
import { registryTable } from '../../declarations/table.ts';
import { ensureTables } from '../../local/dynamodb-tables.ts';
import { accountBody, personBody, registryFixture, uniqueId, departed } from '../support/api.ts';
import type { DueKind, ReviewStores } from '../../core/reviews/ports.ts';
import { localClients } from '../support/clients.ts';
import { storeContract } from '../support/store-contract.ts';

/** The DynamoDB adapter's due-date index, against DynamoDB Local: what the scheduled reviews will sweep. */
const cloud = inject('localCloud');
let store: ReviewStores;

beforeAll(() => {
  store = dynamoRegistryStore({ client: localClients(cloud).documents, tableName: cloud.registryTable });
});

async function allDue(kind: DueKind, date: string) {
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
    await departed(admin, gone);
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
    // A grant is keyed by its account too: the sweep reads it directly.
    expect(await allDue('GRANT_EXPIRY', expiresAt.slice(0, 10))).toContainEqual({ id: `${account.id}:${grant.id}`, dueAt: expiresAt });
    const policyId = uniqueId('pol');
    await admin('POST', '/policies', { body: { id: policyId, title: 'T', kind: 'policy', documentVersion: '1', documentUrl: 'https://intranet.example.com/p', covers: { all: true }, reviewCadence: 'annual', ownerId: adminId, nextReviewAt: '2001-01-01' } });
    expect(await allDue('POLICY_REVIEW', '2001-01-01')).toContainEqual({ id: policyId, dueAt: '2001-01-01' });
    expect((await allDue('POLICY_REVIEW', '2000-12-31')).map((d) => d.id)).not.toContain(policyId);
  });

  it('keeps an account under its tier by when each review was last done, moves it on a change, and drops it when retired', async () => {
    const { admin, ownerId } = await registryFixture(cloud);
    const account = (await admin('POST', '/accounts', { body: accountBody(ownerId, { riskTier: 'high', lastRecertifiedAt: '2001-05-06', lastBrandAuditAt: '2001-05-07' }) })).body;
    expect(await allDue('RECERTIFICATION#high', '2001-05-06')).toContainEqual({ id: account.id, dueAt: '2001-05-06' });
    expect(await allDue('BRAND_AUDIT#high', '2001-05-07')).toContainEqual({ id: account.id, dueAt: '2001-05-07' });
    // No backup owner: flagged as a structural single point of failure.
    expect((await allDue('SINGLE_POINT', '1')).map((d) => d.id)).toContain(account.id);
    const moved = (await admin('PATCH', `/accounts/${account.id}`, { body: { riskTier: 'low' }, ifMatch: account.version })).body;
    expect((await allDue('RECERTIFICATION#high', '2001-05-06')).map((d) => d.id)).not.toContain(account.id);
    expect(await allDue('RECERTIFICATION#low', '2001-05-06')).toContainEqual({ id: account.id, dueAt: '2001-05-06' });
    await admin('POST', `/accounts/${account.id}/retire`, { body: { reason: 'gone' }, ifMatch: moved.version });
    expect((await allDue('RECERTIFICATION#low', '2001-05-06')).map((d) => d.id)).not.toContain(account.id);
    expect((await allDue('SINGLE_POINT', '1')).map((d) => d.id)).not.toContain(account.id);
  });
});

/**
 * The store contract the memory store keeps in the unit tier (tests/unit/memory-store.test.ts), against
 * DynamoDB Local, on a table of its own: the registry's declaration under a fresh name, so the audit head and
 * the lists are this suite's alone, and dropped afterwards.
 */
storeContract('DynamoDB', async (now) => {
  const { dynamodb } = localClients(cloud);
  const tableName = `contract-${randomUUID()}`;
  await ensureTables(dynamodb, [{ name: tableName, declaration: registryTable }]);
  // As the functions build theirs (functions/shared/clients.ts): an absent optional field is not written.
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return { store: dynamoRegistryStore({ client, tableName, now }), close: async () => void (await dynamodb.send(new DeleteTableCommand({ TableName: tableName }))) };
});
