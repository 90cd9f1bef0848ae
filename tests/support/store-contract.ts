import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflicts } from '../../adapters/conflicts.ts';
import { MemoryClock } from '../../adapters/memory/services.ts';
import { chainOf, verifyChain } from '../../core/audit/chain.ts';
import { verifyAudit } from '../../core/audit/trail.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import { changesOf } from '../../adapters/changes.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';
import type { Page, PageRequest } from '../../core/paging.ts';
import type { Account } from '../../core/registry/model.ts';
import type { Kpis, Review } from '../../core/reviews/model.ts';
import type { AnyWrite, DueKind, ReviewStores } from '../../core/reviews/ports.ts';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { Principal } from '../../core/auth.ts';
import { trailLength } from './audit.ts';
import { aDeparture, aFinding, aGrant, anAccount, anApproval, aPerson, aPolicy, aReview, testAudit } from './entities.ts';

const AUDITOR: Principal = { personId: 'contract-auditor', roles: ['auditor'] };

/** A store for the suite, on the suite's clock, and how to let it go afterwards. */
export interface StoreUnderTest {
  store: ReviewStores;
  close?: () => Promise<void>;
}

/** Every page of a list, `limit` at a time; each page is checked to hold at most that many. */
export async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const page = await read({ limit, next });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}

/** The error a promise rejects with (or undefined when it resolves). */
const failureOf = (work: Promise<unknown>) => work.then(
  () => undefined,
  (error: unknown) => error as Error,
);

/** The write is refused with a 409 saying exactly this. */
async function refused(work: Promise<unknown>, sentence: string) {
  const error = await failureOf(work);
  expect(error).toBeInstanceOf(ConflictError);
  expect(error?.message).toBe(sentence);
}

/**
 * The store contract: what the rules rely on a store for, written once and run against every store (the memory
 * store in the unit tier, tests/unit/memory-store.test.ts; DynamoDB on DynamoDB Local in the local tier,
 * tests/local/registry-store.test.ts). A store that passes it can stand in for another under the rules. The
 * suite shares one store, so ids are unique, and lists are checked for the order of what the test wrote.
 */
export function storeContract(name: string, open: (now: () => Date) => Promise<StoreUnderTest>): void {
  describe(`the ${name} store keeps the store contract`, () => {
    const clock = new MemoryClock();
    let subject: StoreUnderTest | undefined;
    let store: ReviewStores;
    beforeAll(async () => {
      subject = await open(clock.now);
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close?.();
    });

    const run = randomBytes(3).toString('hex');
    let made = 0;
    // Zero-padded, so ids made one after another sort in the order they were made.
    const unique = (prefix: string) => `${prefix}-${run}-${(++made).toString(36).padStart(4, '0')}`;
    const commit = (writes: AnyWrite[], entityId = 'x') => store.commit({ writes, audit: testAudit('test', entityId) });
    const mine = <T extends { id: string }>(items: T[], ids: string[]) => items.filter((item) => ids.includes(item.id)).map((item) => item.id);
    const dueIds = async (kind: DueKind, date: string, ids: string[]) => (await everyPage((page) => store.dueBy(kind, date, page), 2)).filter((d) => ids.includes(d.id));

    describe('conditional writes', () => {
      const custodyTask = (id: string): CustodyTask => ({ id, accountId: 'acc-1', secretArn: 'arn:secret', token: 't'.repeat(32), custodianId: 'p-1', status: 'open', version: 1, createdAt: '2026-06-01T09:00:00.000Z', updatedAt: '2026-06-01T09:00:00.000Z' });
      const versioned: { type: string; label: string; write: (id: string, version: number, expectedVersion: number | null) => AnyWrite; read: (id: string) => Promise<{ version: number } | undefined> }[] = [
        { type: 'person', label: 'person', write: (id, version, expectedVersion) => ({ type: 'person', item: aPerson(id, { version, email: `${id}-${version}@example.com` }), expectedVersion, ...(expectedVersion === null ? {} : { previous: aPerson(id, { email: `${id}-1@example.com` }) }) }), read: (id) => store.getPerson(id) },
        { type: 'account', label: 'account', write: (id, version, expectedVersion) => ({ type: 'account', item: anAccount(id, 'p-1', { version, platformAccountId: `${id}-${version}` }), expectedVersion, ...(expectedVersion === null ? {} : { previous: anAccount(id, 'p-1', { platformAccountId: `${id}-1` }) }) }), read: (id) => store.getAccount(id) },
        { type: 'grant', label: 'grant', write: (id, version, expectedVersion) => ({ type: 'grant', item: aGrant(id, 'acc-grants', id, { version }), expectedVersion }), read: (id) => store.getGrant('acc-grants', id) },
        { type: 'policy', label: 'policy', write: (id, version, expectedVersion) => ({ type: 'policy', item: aPolicy(id, 'p-1', { version }), expectedVersion }), read: (id) => store.getPolicy(id) },
        { type: 'approval', label: 'approval', write: (id, version, expectedVersion) => ({ type: 'approval', item: anApproval(id, 'p-1', ['p-2'], { version }), expectedVersion }), read: (id) => store.getApproval(id) },
        { type: 'review', label: 'review', write: (id, version, expectedVersion) => ({ type: 'review', item: aReview(id, 'p-1', { version }), expectedVersion }), read: (id) => store.getReview(id) },
        { type: 'departure', label: 'departure', write: (id, version, expectedVersion) => ({ type: 'departure', item: aDeparture(id, 'p-1', { version }), expectedVersion }), read: async (id) => store.getDeparture(id) },
        { type: 'custody-task', label: 'custody task', write: (id, version, expectedVersion) => ({ type: 'custody-task', item: { ...custodyTask(id), version }, expectedVersion }), read: (id) => store.getCustodyTask(id) },
      ];

      it.each(versioned)('creates a $type once: a second create is refused, saying it exists', async ({ type, label, write, read }) => {
        const id = unique(type.slice(0, 3));
        await commit([write(id, 1, null)]);
        await refused(commit([write(id, 1, null)]), conflicts.exists(label, id));
        expect((await read(id))?.version).toBe(1);
      });

      it.each(versioned)('writes a $type over the version it read, and refuses a stale version or a missing one, saying so', async ({ type, label, write, read }) => {
        const id = unique(type.slice(0, 3));
        await commit([write(id, 1, null)]);
        await commit([write(id, 2, 1)]);
        await refused(commit([write(id, 2, 1)]), conflicts.stale(label, id));
        expect((await read(id))?.version).toBe(2);
        const missing = unique('missing');
        await refused(commit([write(missing, 2, 1)]), conflicts.stale(label, missing));
        expect(await read(missing)).toBeUndefined();
      });
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      const id = unique('p');
      await commit([{ type: 'person', item: aPerson(id), expectedVersion: null }]);
      const read = (await store.getPerson(id))!;
      read.name = 'Changed in memory';
      (await store.listPeople({ team: 'team-a' }, { limit: 1000 })).items.forEach((p) => (p.team = 'elsewhere'));
      expect(await store.getPerson(id)).toEqual(aPerson(id));
    });

    describe('uniqueness claims', () => {
      it('gives an email to one person, and frees the old address when a person changes theirs', async () => {
        const [a, b, c] = [unique('p'), unique('p'), unique('p')];
        const email = `${a}@example.com`;
        await commit([{ type: 'person', item: aPerson(a, { email }), expectedVersion: null }]);
        await refused(commit([{ type: 'person', item: aPerson(b, { email }), expectedVersion: null }]), conflicts.email(email));
        expect(await store.getPerson(b)).toBeUndefined();
        const moved = aPerson(a, { email: `${a}-new@example.com`, version: 2 });
        await commit([{ type: 'person', item: moved, expectedVersion: 1, previous: aPerson(a, { email }) }]);
        await commit([{ type: 'person', item: aPerson(b, { email }), expectedVersion: null }]);
        await refused(commit([{ type: 'person', item: aPerson(c, { email: moved.email }), expectedVersion: null }]), conflicts.email(moved.email));
      });

      it('registers a platform account once, and tells which registry account holds it', async () => {
        const [first, second, other] = [unique('acc'), unique('acc'), unique('acc')];
        const platformAccountId = unique('pid');
        await commit([{ type: 'account', item: anAccount(first, 'p-1', { platformAccountId }), expectedVersion: null }]);
        const duplicate = anAccount(second, 'p-1', { platformAccountId });
        await refused(commit([{ type: 'account', item: duplicate, expectedVersion: null }]), conflicts.platformId(duplicate));
        expect(await store.getAccount(second)).toBeUndefined();
        expect(await store.accountIdOfPlatformAccount('x', platformAccountId)).toBe(first);
        // The same id on another platform is another account.
        await commit([{ type: 'account', item: anAccount(other, 'p-1', { platform: 'linkedin', platformAccountId }), expectedVersion: null }]);
        expect(await store.accountIdOfPlatformAccount('linkedin', platformAccountId)).toBe(other);
        expect(await store.accountIdOfPlatformAccount('youtube', platformAccountId)).toBeUndefined();
      });

      it('holds one live grant per person and account; an expired or revoked one may be replaced', async () => {
        clock.set('2026-06-01T09:00:00.000Z');
        const [account, person, other] = [unique('acc'), unique('p'), unique('p')];
        const grant = (id: string, extra = {}) => aGrant(id, account, person, extra);
        await commit([{ type: 'grant', item: grant('g1', { expiresAt: '2026-06-02T09:00:00.000Z' }), expectedVersion: null }]);
        await refused(commit([{ type: 'grant', item: grant('g2'), expectedVersion: null }]), conflicts.holder(person, account));
        await commit([{ type: 'grant', item: aGrant('g2', account, other), expectedVersion: null }]);
        clock.set('2026-06-02T09:00:01.000Z');
        await commit([{ type: 'grant', item: grant('g3'), expectedVersion: null }]);
        await refused(commit([{ type: 'grant', item: grant('g4'), expectedVersion: null }]), conflicts.holder(person, account));
        await commit([{ type: 'grant', item: grant('g3', { status: 'revoked', version: 2 }), expectedVersion: 1 }]);
        await commit([{ type: 'grant', item: grant('g4'), expectedVersion: null }]);
        expect((await store.grantsOfAccount(account)).map((g) => [g.id, g.personId, g.status])).toEqual([
          ['g1', person, 'active'],
          ['g2', other, 'active'],
          ['g3', person, 'revoked'],
          ['g4', person, 'active'],
        ]);
      });

      it('assigns nothing to someone who is leaving, has departed, or is not in the registry', async () => {
        const [active, leaving, departed, unknown] = [unique('p'), unique('p'), unique('p'), unique('p')];
        await commit([
          { type: 'person', item: aPerson(active), expectedVersion: null },
          { type: 'person', item: aPerson(leaving, { leavingAt: '2026-07-01T00:00:00.000Z' }), expectedVersion: null },
          { type: 'person', item: aPerson(departed, { status: 'departed' }), expectedVersion: null },
        ]);
        await commit([{ type: 'assignable', personId: active }]);
        for (const id of [leaving, departed, unknown]) await refused(commit([{ type: 'assignable', personId: id }]), conflicts.assignable(id));
      });
    });

    describe('transactions', () => {
      it('writes nothing of a change one of whose steps fails, and the audit head stays where it was', async () => {
        const [existing, person, account] = [unique('p'), unique('p'), unique('acc')];
        await commit([{ type: 'person', item: aPerson(existing), expectedVersion: null }]);
        const eventsBefore = await trailLength(store);
        const good: AnyWrite[] = [
          { type: 'person', item: aPerson(person), expectedVersion: null },
          { type: 'account', item: anAccount(account, person, { backupOwnerId: existing }), expectedVersion: null },
          { type: 'grant', item: aGrant(unique('gr'), account, person), expectedVersion: null },
        ];
        const marker = unique('change');
        await refused(commit([...good, { type: 'person', item: aPerson(existing, { version: 2 }), expectedVersion: 5 }], marker), conflicts.stale('person', existing));
        expect(await trailLength(store)).toEqual(eventsBefore);
        expect(await store.auditOf('test', marker)).toEqual([]);
        expect(await store.getPerson(person)).toBeUndefined();
        expect(await store.getAccount(account)).toBeUndefined();
        expect(await store.grantsOfAccount(account)).toEqual([]);
        expect(await store.accountRolesOf(existing)).toEqual({ owned: [], backup: [], controls: [] });
        // No claim was left behind: the same change without the stale step goes through.
        await commit(good, marker);
        expect((await store.auditOf('test', marker)).map((e) => e.seq)).toEqual([1]);
        expect(await store.accountRolesOf(existing)).toEqual({ owned: [], backup: [account], controls: [] });
      });

      it('refuses a change that touches one item twice, and writes none of it', async () => {
        const person = unique('p');
        const eventsBefore = await trailLength(store);
        const error = await failureOf(commit([{ type: 'person', item: aPerson(person), expectedVersion: null }, { type: 'assignable', personId: person }]));
        expect(error?.message).toMatch(/multiple operations on one item/);
        expect(await store.getPerson(person)).toBeUndefined();
        expect(await trailLength(store)).toEqual(eventsBefore);
      });

      it('takes 100 items in one change (its audit event and head among them) and refuses 101, writing none of them', async () => {
        const person = unique('p');
        const exposures = (count: number): AnyWrite[] => Array.from({ length: count }, (_, i) => ({ type: 'exposure', item: { personId: person, accountId: `acc-${String(i).padStart(3, '0')}`, firstAt: 'x', lastAt: 'x', reveals: 1 } }));
        const error = await failureOf(commit(exposures(99)));
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(ConflictError);
        expect(await store.exposuresOf(person)).toEqual([]);
        await commit(exposures(98));
        expect(await store.exposuresOf(person)).toHaveLength(98);
      });

      it("seals each change into its subject's chain, naming what it wrote; the trail lists them by time and reads back chain by chain", async () => {
        const [person, policy] = [unique('p'), unique('pol')];
        const changes: AnyWrite[][] = [[{ type: 'person', item: aPerson(person), expectedVersion: null }], [], [{ type: 'policy', item: aPolicy(policy, person), expectedVersion: null }, { type: 'assignable', personId: person }]];
        const sealed: AuditEvent[] = [];
        for (const writes of changes) {
          clock.advance({ seconds: 1 });
          sealed.push(await commit(writes, person));
        }
        expect(sealed.map((e) => e.changes)).toEqual(changes.map((writes) => changesOf(writes)));
        expect(sealed.map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(sealed.map((e) => e.at)).toEqual([...sealed.map((e) => e.at)].sort());
        const events = await everyPage((page) => store.auditEvents(page), 7);
        expect(events.slice(-3)).toEqual(sealed);
        const chain = chainOf(sealed[0]!);
        const asItStands = await store.chainAsItStands(chain);
        expect(asItStands).toEqual({ head: { seq: 3, hash: sealed[2]!.hash }, events: sealed });
        expect(verifyChain(asItStands.events, asItStands.head)).toEqual({ ok: true, events: 3, headSeq: 3 });
        // The bulk read: every chain's events in order, then its head, and each chain once.
        const records = await everyPage((page) => store.chainRecords(page), 7);
        const ours = records.filter((r) => r.chain === chain);
        expect(ours).toEqual([...sealed.map((event) => ({ chain, event })), { chain, head: { seq: 3, hash: sealed[2]!.hash } }]);
        const order = records.map((r) => r.chain).filter((name, i, all) => name !== all[i - 1]);
        expect(new Set(order).size).toBe(order.length);
        expect(await verifyAudit({ store }, AUDITOR)).toMatchObject({ ok: true, events: records.filter((r) => 'event' in r).length });
      });

      it('orders the changes about one subject made at once, and none is lost', async () => {
        const subject = unique('p');
        const sealed = await Promise.all(Array.from({ length: 8 }, () => store.commit({ writes: [], audit: testAudit('person', subject) })));
        expect(sealed.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const { head, events } = await store.chainAsItStands(chainOf(sealed[0]!));
        expect(verifyChain(events, head)).toMatchObject({ ok: true, headSeq: 8 });
      });

      it('finds the trail of one entity oldest first, and searches it by actor, action and time', async () => {
        const subject = unique('p');
        const at: string[] = [];
        for (const [actor, action] of [['alice', 'person.created'], ['bob', 'person.updated'], ['alice', 'person.updated']] as const) {
          clock.advance({ minutes: 1 });
          at.push((await store.commit({ writes: [], audit: testAudit('person', subject, action, actor) })).at);
        }
        const trail = await store.auditOf('person', subject);
        expect(trail.map((e) => [e.actor, e.action])).toEqual([['alice', 'person.created'], ['bob', 'person.updated'], ['alice', 'person.updated']]);
        const search = (filter: object) => everyPage((page) => store.auditEvents(page, { entity: { type: 'person', id: subject }, ...filter }), 1);
        expect((await search({ actor: 'alice' })).map((e) => e.action)).toEqual(['person.created', 'person.updated']);
        expect((await search({ action: 'person.updated' })).map((e) => e.actor)).toEqual(['bob', 'alice']);
        expect((await search({ from: at[1], to: at[1] })).map((e) => e.actor)).toEqual(['bob']);
        expect((await everyPage((page) => store.auditEvents(page, { actor: 'bob', action: 'person.updated' }), 2)).filter((e) => e.entityId === subject)).toHaveLength(1);
      });
    });

    describe('appends and conditions of their own', () => {
      it('appends comments to a review while it is open, before its deadline and under the maximum, moving its version on', async () => {
        const id = unique('rv');
        await commit([{ type: 'review', item: aReview(id, 'p-1', { dueAt: '2026-06-15T09:00:00.000Z' }), expectedVersion: null }]);
        const comment = (at: string) => ({ by: 'p-2', at, text: `said at ${at}` });
        const first = comment('2026-06-10T09:00:00.000Z');
        await commit([{ type: 'review-comment', reviewId: id, comment: first, maxComments: 2 }]);
        expect(await store.getReview(id)).toMatchObject({ comments: [first], version: 2, updatedAt: first.at });
        await refused(commit([{ type: 'review-comment', reviewId: id, comment: comment('2026-06-15T09:00:00.000Z'), maxComments: 2 }]), conflicts.reviewComment(id, 2));
        await refused(commit([{ type: 'review-comment', reviewId: id, comment: comment('2026-06-11T09:00:00.000Z'), maxComments: 1 }]), conflicts.reviewComment(id, 1));
        // A writer of the whole review that read it before the comment fails instead of dropping it.
        await refused(commit([{ type: 'review', item: aReview(id, 'p-1', { status: 'completed', version: 2 }), expectedVersion: 1 }]), conflicts.stale('review', id));
        await commit([{ type: 'review', item: aReview(id, 'p-1', { status: 'completed', comments: [first], version: 3 }), expectedVersion: 2 }]);
        await refused(commit([{ type: 'review-comment', reviewId: id, comment: comment('2026-06-12T09:00:00.000Z'), maxComments: 5 }]), conflicts.reviewComment(id, 5));
        const missing = unique('rv');
        await refused(commit([{ type: 'review-comment', reviewId: missing, comment: first, maxComments: 5 }]), conflicts.reviewComment(missing, 5));
        expect(await store.getReview(missing)).toBeUndefined();
      });

      it('opens a finding once and moves it only from the status its writer read', async () => {
        const account = unique('acc');
        const open = aFinding(account, 'no-backup-owner');
        await commit([{ type: 'finding', item: open, expectedStatus: null }]);
        await refused(commit([{ type: 'finding', item: open, expectedStatus: null }]), conflicts.finding(open.id, account));
        const resolved = { ...open, status: 'resolved' as const, resolvedAt: '2026-06-02T09:00:00.000Z' };
        await commit([{ type: 'finding', item: resolved, expectedStatus: 'open' }]);
        await refused(commit([{ type: 'finding', item: resolved, expectedStatus: 'open' }]), conflicts.finding(open.id, account));
        await commit([{ type: 'finding', item: open, expectedStatus: 'resolved' }, { type: 'finding', item: aFinding(account, 'too-few-native-admins', { code: 'too-few-native-admins' }), expectedStatus: null }]);
        expect((await store.findingsOf(account)).map((f) => [f.id, f.status])).toEqual([
          ['no-backup-owner', 'open'],
          ['too-few-native-admins', 'open'],
        ]);
      });

      it("writes a departure's per-account results by revision, reads them with the case, and indexes open control tasks by assignee", async () => {
        const [caseId, assignee] = [unique('dep'), unique('p')];
        await commit([{ type: 'departure', item: aDeparture(caseId, 'leaver'), expectedVersion: null }]);
        const result = { accountId: 'acc-b', relations: ['control' as const], revision: 1, controls: [{ kind: 'native-admin' as const, assignedTo: assignee, status: 'open' as const }] };
        await commit([{ type: 'departure-result', caseId, item: result, expectedRevision: null }, { type: 'departure-result', caseId, item: { accountId: 'acc-a', relations: ['grant'], revision: 1 }, expectedRevision: null }]);
        await refused(commit([{ type: 'departure-result', caseId, item: result, expectedRevision: null }]), conflicts.departureResult('acc-b', caseId));
        expect(await store.openTasksOf(assignee)).toEqual([{ caseId, accountId: 'acc-b' }]);
        const confirmed = { ...result, revision: 2, controls: [{ ...result.controls[0]!, status: 'confirmed' as const }] };
        await commit([{ type: 'departure-result', caseId, item: confirmed, expectedRevision: 1 }]);
        await refused(commit([{ type: 'departure-result', caseId, item: { ...confirmed, revision: 2 }, expectedRevision: 1 }]), conflicts.departureResult('acc-b', caseId));
        expect(await store.openTasksOf(assignee)).toEqual([]);
        const whole = await store.getDeparture(caseId);
        expect(Object.keys(whole!.accounts)).toEqual(['acc-a', 'acc-b']);
        expect(whole!.accounts['acc-b']).toEqual({ ...confirmed, caseId });
        expect(Object.keys((await store.getDeparture(caseId, ['acc-b', 'acc-none']))!.accounts)).toEqual(['acc-b']);
        expect((await store.getDeparture(caseId, []))!.accounts).toEqual({});
        expect(await store.getDeparture(unique('dep'))).toBeUndefined();
      });
    });

    describe('index rows that follow people', () => {
      it("keeps a request in the lists of the current stage's undecided approvers only", async () => {
        const [id, x, y] = [unique('apr'), unique('p'), unique('p')];
        const pending = anApproval(id, 'p-1', [x, y], { stages: [{ ...anApproval(id, 'p-1', [x, y]).stages[0]!, mode: 'all' }] });
        await commit([{ type: 'approval', item: pending, expectedVersion: null }]);
        expect([await store.approvalsAwaiting(x), await store.approvalsAwaiting(y)]).toEqual([[id], [id]]);
        const decided = { ...pending, version: 2, stages: [{ ...pending.stages[0]!, decisions: [{ approverId: x, decision: 'approve' as const, at: '2026-06-02T09:00:00.000Z' }] }] };
        await commit([{ type: 'approval', item: decided, expectedVersion: 1, previous: pending }]);
        expect([await store.approvalsAwaiting(x), await store.approvalsAwaiting(y)]).toEqual([[], [id]]);
        await commit([{ type: 'approval', item: { ...decided, status: 'approved', version: 3 }, expectedVersion: 2, previous: decided }]);
        expect([await store.approvalsAwaiting(x), await store.approvalsAwaiting(y)]).toEqual([[], []]);
      });

      it('follows the set a writer says it read: written without `previous`, the rows of those who left it stay', async () => {
        const [id, x, y] = [unique('apr'), unique('p'), unique('p')];
        const pending = anApproval(id, 'p-1', [x]);
        await commit([{ type: 'approval', item: pending, expectedVersion: null }]);
        await commit([{ type: 'approval', item: anApproval(id, 'p-1', [y], { version: 2 }), expectedVersion: 1 }]);
        expect([await store.approvalsAwaiting(x), await store.approvalsAwaiting(y)]).toEqual([[id], [id]]);
      });

      it('lists an open review under its assignee and under everyone it escalated to, until it closes', async () => {
        const [id, assignee, x, y] = [unique('rv'), unique('p'), unique('p'), unique('p')];
        const review = aReview(id, assignee);
        await commit([{ type: 'review', item: review, expectedVersion: null }]);
        const escalated: Review = { ...review, escalatedTo: [x, y], escalatedAt: '2026-06-15T09:00:00.000Z', version: 2 };
        await commit([{ type: 'review', item: escalated, expectedVersion: 1, previous: review }]);
        const ids = async (read: (p: string) => Promise<Review[]>) => Promise.all([assignee, x, y].map(async (p) => (await read(p)).map((r) => r.id)));
        expect(await ids((p) => store.openReviewsEscalatedTo(p))).toEqual([[], [id], [id]]);
        const narrowed: Review = { ...escalated, escalatedTo: [y], version: 3 };
        await commit([{ type: 'review', item: narrowed, expectedVersion: 2, previous: escalated }]);
        expect(await ids((p) => store.openReviewsEscalatedTo(p))).toEqual([[], [], [id]]);
        expect(await ids((p) => store.openReviewsAssignedTo(p))).toEqual([[id], [], []]);
        await commit([{ type: 'review', item: { ...narrowed, status: 'completed', version: 4 }, expectedVersion: 3, previous: narrowed }]);
        expect(await ids((p) => store.openReviewsEscalatedTo(p))).toEqual([[], [], []]);
        expect(await ids((p) => store.openReviewsAssignedTo(p))).toEqual([[], [], []]);
      });

      it("keeps each person's owner, backup and platform-control links to an account as the account changes", async () => {
        const [id, owner, backup, admin, holder, next] = [unique('acc'), unique('p'), unique('p'), unique('p'), unique('p'), unique('p')];
        const account = anAccount(id, owner, { backupOwnerId: backup, platformControl: { nativeAdmins: [{ personId: admin, name: 'A' }, { name: 'Agency' }], twoFactor: { method: 'totp', holderId: holder }, recoveryEmail: { holderId: admin, companyControlled: true } } });
        await commit([{ type: 'account', item: account, expectedVersion: null }]);
        const roles = () => Promise.all([owner, backup, admin, holder, next].map((p) => store.accountRolesOf(p)));
        const none = { owned: [], backup: [], controls: [] };
        expect(await roles()).toEqual([{ ...none, owned: [id] }, { ...none, backup: [id] }, { ...none, controls: [id] }, { ...none, controls: [id] }, none]);
        const changed: Account = { ...account, ownerId: next, backupOwnerId: undefined, platformControl: { nativeAdmins: [{ personId: next, name: 'N' }] }, version: 2 };
        await commit([{ type: 'account', item: changed, expectedVersion: 1, previous: account }]);
        expect(await roles()).toEqual([none, none, none, none, { ...none, owned: [id], controls: [id] }]);
      });
    });

    describe('the due index', () => {
      it('holds training, grant expiries and policy reviews by date, oldest first, through the day asked', async () => {
        const [soon, later, lapsed, gone] = [unique('p'), unique('p'), unique('p'), unique('p')];
        await commit([
          { type: 'person', item: aPerson(soon, { trainingExpiresAt: '2001-02-03' }), expectedVersion: null },
          { type: 'person', item: aPerson(later, { trainingExpiresAt: '2001-02-04' }), expectedVersion: null },
          { type: 'person', item: aPerson(lapsed, { trainingExpiresAt: '2001-02-01', trainingLapsedFor: '2001-02-01' }), expectedVersion: null },
          { type: 'person', item: aPerson(gone, { trainingExpiresAt: '2001-02-01', status: 'departed' }), expectedVersion: null },
        ]);
        expect(await dueIds('TRAINING', '2001-02-03', [soon, later, lapsed, gone])).toEqual([{ id: soon, dueAt: '2001-02-03' }]);
        expect((await dueIds('TRAINING', '2001-02-04', [soon, later])).map((d) => d.id)).toEqual([soon, later]);
        const [account, grant, revoked, policy] = [unique('acc'), unique('gr'), unique('gr'), unique('pol')];
        await commit([
          { type: 'grant', item: aGrant(grant, account, soon, { expiresAt: '2001-03-01T10:00:00.000Z' }), expectedVersion: null },
          { type: 'grant', item: aGrant(revoked, account, later, { expiresAt: '2001-03-01T09:00:00.000Z', status: 'revoked' }), expectedVersion: null },
          { type: 'policy', item: aPolicy(policy, soon, { nextReviewAt: '2001-04-01' }), expectedVersion: null },
        ]);
        expect(await dueIds('GRANT_EXPIRY', '2001-03-01', [`${account}:${grant}`, `${account}:${revoked}`])).toEqual([{ id: `${account}:${grant}`, dueAt: '2001-03-01T10:00:00.000Z' }]);
        expect(await dueIds('POLICY_REVIEW', '2001-03-31', [policy])).toEqual([]);
        expect(await dueIds('POLICY_REVIEW', '2001-04-01', [policy])).toEqual([{ id: policy, dueAt: '2001-04-01' }]);
      });

      it("keeps an account under its tier by when each review was last done, moves it on a change, and drops it when retired", async () => {
        const id = unique('acc');
        const account = anAccount(id, 'p-1', { riskTier: 'high', lastRecertifiedAt: '2001-05-06', lastBrandAuditAt: '2001-05-07', createdAt: '2001-05-01T00:00:00.000Z' });
        await commit([{ type: 'account', item: account, expectedVersion: null }]);
        expect(await dueIds('RECERTIFICATION#high', '2001-05-06', [id])).toEqual([{ id, dueAt: '2001-05-06' }]);
        expect(await dueIds('BRAND_AUDIT#high', '2001-05-06', [id])).toEqual([]);
        expect(await dueIds('BRAND_AUDIT#high', '2001-05-07', [id])).toEqual([{ id, dueAt: '2001-05-07' }]);
        expect(await dueIds('SINGLE_POINT', '1', [id])).toEqual([{ id, dueAt: '0' }]);
        const moved: Account = { ...account, riskTier: 'low', backupOwnerId: 'p-2', platformControl: { nativeAdmins: [{ name: 'A' }, { name: 'B' }] }, credential: { secretArn: 'arn', versionId: 'v1', setAt: '2001-05-08T00:00:00.000Z', setBy: 'p-1' }, version: 2 };
        await commit([{ type: 'account', item: moved, expectedVersion: 1, previous: account }]);
        expect(await dueIds('RECERTIFICATION#high', '2001-05-06', [id])).toEqual([]);
        expect(await dueIds('RECERTIFICATION#low', '2001-05-06', [id])).toEqual([{ id, dueAt: '2001-05-06' }]);
        expect(await dueIds('CREDENTIAL_AGE#low', '2001-05-08', [id])).toEqual([{ id, dueAt: '2001-05-08T00:00:00.000Z' }]);
        expect(await dueIds('SINGLE_POINT', '1', [id])).toEqual([]);
        await commit([{ type: 'account', item: { ...moved, status: 'retired', version: 3 }, expectedVersion: 2, previous: moved }]);
        for (const kind of ['RECERTIFICATION#low', 'BRAND_AUDIT#low', 'CREDENTIAL_AGE#low'] as const) expect(await dueIds(kind, '9999', [id])).toEqual([]);
      });

      it('marks a departed person until the sweep clears them, an open review by its follow-up, and a waiting case by its last reminder', async () => {
        const person = unique('p');
        const active = aPerson(person);
        await commit([{ type: 'person', item: active, expectedVersion: null }]);
        const departed = { ...active, status: 'departed' as const, version: 2, updatedAt: '2001-06-01T00:00:00.000Z' };
        await commit([{ type: 'person', item: departed, expectedVersion: 1, previous: active }]);
        expect(await dueIds('DEPARTED_HOLDER', '9999', [person])).toEqual([{ id: person, dueAt: '2001-06-01T00:00:00.000Z' }]);
        await store.clearDepartedHolder(person);
        expect(await dueIds('DEPARTED_HOLDER', '9999', [person])).toEqual([]);
        const [review, caseId] = [unique('rv'), unique('dep')];
        const open = aReview(review, person, { followUpAt: '2001-06-10T00:00:00.000Z' });
        const waiting = aDeparture(caseId, person, { status: 'waiting', reportedAt: '2001-06-02T00:00:00.000Z' });
        await commit([{ type: 'review', item: open, expectedVersion: null }, { type: 'departure', item: waiting, expectedVersion: null }]);
        expect(await dueIds('REVIEW_FOLLOW_UP', '2001-06-10T00:00:00.000Z', [review])).toEqual([{ id: review, dueAt: '2001-06-10T00:00:00.000Z' }]);
        expect(await dueIds('HANDOVER_WAITING', '2001-06-02T00:00:00.000Z', [caseId])).toEqual([{ id: caseId, dueAt: '2001-06-02T00:00:00.000Z' }]);
        const reminded = { ...waiting, remindedAt: '2001-06-09T00:00:00.000Z', version: 2 };
        await commit([{ type: 'review', item: { ...open, status: 'completed', version: 2 }, expectedVersion: 1, previous: open }, { type: 'departure', item: reminded, expectedVersion: 1 }]);
        expect(await dueIds('REVIEW_FOLLOW_UP', '9999', [review])).toEqual([]);
        expect(await dueIds('HANDOVER_WAITING', '2001-06-08T00:00:00.000Z', [caseId])).toEqual([]);
        expect(await dueIds('HANDOVER_WAITING', '2001-06-09T00:00:00.000Z', [caseId])).toEqual([{ id: caseId, dueAt: '2001-06-09T00:00:00.000Z' }]);
        await commit([{ type: 'departure', item: { ...reminded, closedAt: '2001-06-10T00:00:00.000Z', version: 3 }, expectedVersion: 2 }]);
        expect(await dueIds('HANDOVER_WAITING', '9999', [caseId])).toEqual([]);
      });
    });

    describe('lists, a page at a time', () => {
      it('lists the people of a team by status, a page at a time, each person once', async () => {
        const team = unique('team');
        const ids = [unique('p'), unique('p'), unique('p'), unique('p'), unique('p')];
        await commit(ids.map((id, i) => ({ type: 'person', item: aPerson(id, { team, status: i % 2 ? 'departed' : 'active' }), expectedVersion: null })));
        const paged = await everyPage((page) => store.listPeople({ team }, page), 2);
        expect(paged.map((p) => p.id)).toEqual([ids[0], ids[2], ids[4], ids[1], ids[3]]);
        expect((await everyPage((page) => store.listPeople({ team, status: 'departed' }, page), 1)).map((p) => p.id)).toEqual([ids[1], ids[3]]);
        const everyone = await everyPage((page) => store.listPeople({ status: 'active' }, page), 3);
        expect(mine(everyone, ids)).toEqual([ids[0], ids[2], ids[4]]);
        expect(everyone).toEqual((await store.listPeople({ status: 'active' }, { limit: 1000 })).items);
      });

      it('lists accounts by platform, team, status and tier together', async () => {
        const team = unique('team');
        const [a, b, c, d] = [unique('acc'), unique('acc'), unique('acc'), unique('acc')];
        await commit([
          { type: 'account', item: anAccount(a, 'p-1', { team, riskTier: 'high' }), expectedVersion: null },
          { type: 'account', item: anAccount(b, 'p-1', { team, riskTier: 'low' }), expectedVersion: null },
          { type: 'account', item: anAccount(c, 'p-1', { team, platform: 'linkedin', riskTier: 'high' }), expectedVersion: null },
          { type: 'account', item: anAccount(d, 'p-1', { riskTier: 'high', status: 'suspended' }), expectedVersion: null },
        ]);
        const list = async (filter: object) => mine(await everyPage((page) => store.listAccounts(filter, page), 1), [a, b, c, d]);
        expect(await list({ team })).toEqual([a, b, c]);
        expect(await list({ platform: 'x', team })).toEqual([a, b]);
        expect(await list({ platform: 'x', riskTier: 'high' })).toEqual([a, d]);
        expect(await list({ team, riskTier: 'high' })).toEqual([a, c]);
        expect(await list({ status: 'suspended' })).toEqual([d]);
        expect(await list({ platform: 'x', status: 'active', riskTier: 'high' })).toEqual([a]);
      });

      it('lists approvals newest first, by status and by requester', async () => {
        const requester = unique('p');
        const [first, second, third] = [unique('apr'), unique('apr'), unique('apr')];
        await commit([
          { type: 'approval', item: anApproval(first, requester, ['p-2'], { createdAt: '2026-06-01T10:00:00.000Z' }), expectedVersion: null },
          { type: 'approval', item: anApproval(second, requester, ['p-2'], { createdAt: '2026-06-01T11:00:00.000Z', status: 'approved' }), expectedVersion: null },
          { type: 'approval', item: anApproval(third, requester, ['p-2'], { createdAt: '2026-06-01T12:00:00.000Z' }), expectedVersion: null },
        ]);
        const ids = [first, second, third];
        expect(mine(await everyPage((page) => store.listApprovals({}, page), 2), ids)).toEqual([third, second, first]);
        expect(mine(await everyPage((page) => store.listApprovals({ status: 'pending' }, page), 2), ids)).toEqual([third, first]);
        expect((await everyPage((page) => store.approvalsRequestedBy(requester, page), 2)).map((r) => r.id)).toEqual([third, second, first]);
      });

      it('lists reviews by status and deadline, by kind between two dates, and of one subject newest first', async () => {
        const subject = unique('pol');
        const [early, late, done] = [unique('rv'), unique('rv'), unique('rv')];
        await commit([
          { type: 'review', item: aReview(late, 'p-1', { subjectId: subject, dueAt: '2002-01-20T00:00:00.000Z', openedAt: '2002-01-06T00:00:00.000Z' }), expectedVersion: null },
          { type: 'review', item: aReview(early, 'p-1', { subjectId: subject, dueAt: '2002-01-10T00:00:00.000Z', openedAt: '2002-01-05T00:00:00.000Z' }), expectedVersion: null },
          { type: 'review', item: aReview(done, 'p-1', { subjectId: subject, status: 'completed', dueAt: '2002-01-01T00:00:00.000Z', openedAt: '2002-01-01T00:00:00.000Z' }), expectedVersion: null },
        ]);
        const ids = [early, late, done];
        expect(mine(await everyPage((page) => store.listReviews({}, page), 2), ids)).toEqual([done, early, late]);
        expect(mine(await everyPage((page) => store.listReviews({ status: 'open' }, page), 2), ids)).toEqual([early, late]);
        expect(mine(await store.reviewsDueBetween('policy', '2002-01-01', '2002-01-10'), ids)).toEqual([done, early]);
        expect((await store.reviewsOf('policy', subject)).map((r) => r.id)).toEqual([late, early, done]);
      });

      it('lists departure cases newest first, findings by status and kind, and KPI snapshots oldest first', async () => {
        const [older, newer] = [unique('dep'), unique('dep')];
        await commit([
          { type: 'departure', item: aDeparture(newer, 'p-1', { createdAt: '2026-06-02T00:00:00.000Z' }), expectedVersion: null },
          { type: 'departure', item: aDeparture(older, 'p-1', { createdAt: '2026-06-01T00:00:00.000Z' }), expectedVersion: null },
        ]);
        expect(mine(await everyPage((page) => store.listDepartures(page), 1), [older, newer])).toEqual([newer, older]);
        const account = unique('acc');
        await commit([
          { type: 'finding', item: aFinding(account, 'no-backup-owner'), expectedStatus: null },
          { type: 'finding', item: aFinding(account, 'no-second-factor', { code: 'no-second-factor' }), expectedStatus: null },
          { type: 'finding', item: aFinding(account, 'too-few-native-admins', { code: 'too-few-native-admins', status: 'resolved' }), expectedStatus: null },
        ]);
        const findings = async (status: 'open' | 'resolved', code?: 'no-second-factor') => (await everyPage((page) => store.listFindings(status, page, code), 1)).filter((f) => f.accountId === account).map((f) => f.id);
        expect(await findings('open')).toEqual(['no-backup-owner', 'no-second-factor']);
        expect(await findings('open', 'no-second-factor')).toEqual(['no-second-factor']);
        expect(await findings('resolved')).toEqual(['too-few-native-admins']);
        const kpis = (asOf: string) => ({ asOf, accounts: { active: 1, withOwner: 1, withBackupOwner: 0, withBoth: 0, shareWithBoth: 0 } }) as unknown as Kpis;
        for (const asOf of ['2003-01-03T00:00:00.000Z', '2003-01-01T00:00:00.000Z', '2003-01-02T00:00:00.000Z']) await store.saveKpis(kpis(asOf));
        expect(await store.latestKpis()).toEqual(kpis('2003-01-02T00:00:00.000Z'));
        const history = (await everyPage((page) => store.kpiHistory('2003-01-02T00:00:00.000Z', page), 1)).filter((k) => k.asOf.startsWith('2003-'));
        expect(history).toEqual([kpis('2003-01-02T00:00:00.000Z'), kpis('2003-01-03T00:00:00.000Z')]);
      });

      it('refuses a page token it did not give, or gave for another list, as a ValidationError', async () => {
        const team = unique('team');
        await commit([{ type: 'person', item: aPerson(unique('p'), { team }), expectedVersion: null }, { type: 'person', item: aPerson(unique('p'), { team }), expectedVersion: null }]);
        const peopleToken = (await store.listPeople({ team }, { limit: 1 })).next!;
        expect(peopleToken).toEqual(expect.any(String));
        const lists: [string, (next: string) => Promise<unknown>][] = [
          ['people', (next) => store.listPeople({ team }, { limit: 5, next })],
          ['accounts', (next) => store.listAccounts({ riskTier: 'high' }, { limit: 5, next })],
          ['policies', (next) => store.listPolicies({ limit: 5, next })],
          ['reviews', (next) => store.listReviews({ status: 'open' }, { limit: 5, next })],
          ['findings', (next) => store.listFindings('open', { limit: 5, next })],
          ['approvals', (next) => store.listApprovals({}, { limit: 5, next })],
          ['requests', (next) => store.approvalsRequestedBy('p-1', { limit: 5, next })],
          ['departures', (next) => store.listDepartures({ limit: 5, next })],
          ['kpis', (next) => store.kpiHistory('2000-01-01T00:00:00.000Z', { limit: 5, next })],
          ['audit', (next) => store.auditEvents({ limit: 5, next })],
          ['due', (next) => store.dueBy('TRAINING', '9999', { limit: 5, next })],
        ];
        for (const [list, read] of lists) {
          for (const token of ['not-a-token', Buffer.from('[1,2]').toString('base64url'), Buffer.from('"x"').toString('base64url')]) {
            expect(await failureOf(read(token)), `${list} ${token}`).toBeInstanceOf(ValidationError);
          }
          if (list !== 'people') expect(await failureOf(read(peopleToken)), `${list} with a token of people`).toBeInstanceOf(ValidationError);
        }
      });
    });

    describe('what is written outside transactions', () => {
      it('lets one sender claim an email, another take over a stale unsent claim, and nobody claim a sent one', async () => {
        const key = unique('outbox');
        expect(await store.claimOutbox(key, 60)).toBe(true);
        expect(await store.claimOutbox(key, 60)).toBe(false);
        clock.advance({ seconds: 61 });
        expect(await store.claimOutbox(key, 60)).toBe(true);
        await store.markOutboxSent(key);
        clock.advance({ days: 1 });
        expect(await store.claimOutbox(key, 60)).toBe(false);
      });

      it("gives an account's rotation lock to one token at a time, for at most its time to live", async () => {
        const account = unique('acc');
        expect(await store.acquireRotationLock(account, 'first', 60)).toBe(true);
        expect(await store.acquireRotationLock(account, 'second', 60)).toBe(false);
        expect(await store.acquireRotationLock(account, 'first', 60)).toBe(true);
        await store.releaseRotationLock(account, 'second');
        expect(await store.acquireRotationLock(account, 'second', 60)).toBe(false);
        clock.advance({ seconds: 61 });
        expect(await store.acquireRotationLock(account, 'second', 60)).toBe(true);
        await store.releaseRotationLock(account, 'second');
        expect(await store.acquireRotationLock(account, 'third', 60)).toBe(true);
      });

      it('keeps the last token parked for each request and custody task', async () => {
        const id = unique('apr');
        await store.parkWait({ owner: { kind: 'approval', id }, taskToken: 't1', parkedAt: '2026-06-01T09:00:00.000Z', stage: 0 });
        await store.parkWait({ owner: { kind: 'approval', id }, taskToken: 't2', parkedAt: '2026-06-01T10:00:00.000Z', stage: 1 });
        await store.parkWait({ owner: { kind: 'custody', id }, taskToken: 'c1', parkedAt: '2026-06-01T11:00:00.000Z' });
        expect(await store.parkedWait({ kind: 'approval', id })).toEqual({ owner: { kind: 'approval', id }, taskToken: 't2', parkedAt: '2026-06-01T10:00:00.000Z', stage: 1 });
        expect((await store.parkedWait({ kind: 'custody', id }))?.taskToken).toBe('c1');
        expect(await store.parkedWait({ kind: 'custody', id: unique('ht') })).toBeUndefined();
      });

      it('lists a custodian’s tasks until they confirm, and a person’s exposures by account', async () => {
        const [custodian, task] = [unique('p'), unique('ht')];
        const open: CustodyTask = { id: task, accountId: 'acc-1', secretArn: 'arn', token: 't', custodianId: custodian, status: 'open', version: 1, createdAt: 'x', updatedAt: 'x' };
        await commit([{ type: 'custody-task', item: open, expectedVersion: null }]);
        expect((await store.openCustodyTasksOf(custodian)).map((t) => t.id)).toEqual([task]);
        await commit([{ type: 'custody-task', item: { ...open, status: 'confirmed', version: 2 }, expectedVersion: 1 }]);
        expect(await store.openCustodyTasksOf(custodian)).toEqual([]);
        const exposure = (accountId: string, reveals: number) => ({ personId: custodian, accountId, firstAt: 'x', lastAt: 'x', reveals });
        await commit([{ type: 'exposure', item: exposure('acc-b', 1) }, { type: 'exposure', item: exposure('acc-a', 1) }]);
        await commit([{ type: 'exposure', item: exposure('acc-b', 2) }]);
        expect(await store.exposuresOf(custodian)).toEqual([exposure('acc-a', 1), exposure('acc-b', 2)]);
      });
    });
  });
}
