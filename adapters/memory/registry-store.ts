import { GENESIS_HASH, chainOf, sealEvent } from '../../core/audit/chain.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import type { ApprovalRequest } from '../../core/approvals/model.ts';
import type { AuditFilter, ChainRecord } from '../../core/audit/ports.ts';
import { changesOf } from '../changes.ts';
import type { DepartureCase } from '../../core/handover/model.ts';
import type { Account } from '../../core/registry/model.ts';
import type { AccountFilter, Change } from '../../core/registry/ports.ts';
import type { PageRequest } from '../../core/paging.ts';
import type { Finding, Kpis, Review, ReviewKind } from '../../core/reviews/model.ts';
import type { AnyWrite, DueKind, ReviewStores } from '../../core/reviews/ports.ts';
import type { ParkedWait, WaitOwner } from '../../core/waits/ports.ts';
import { conflicts } from '../conflicts.ts';
import { byteOrder, keyOf, MemoryTables, pageOf, sortedBy, transact, type ListScope, type Step } from './tables.ts';
import { stepsFor } from './writes.ts';

const LATEST = 'latest';
const seqKey = (seq: number) => String(seq).padStart(12, '0');
const statusPrefix = (status: string | undefined) => (status === undefined ? undefined : (sortKey: string) => sortKey.startsWith(`${status}#`));

/**
 * Every port the core's rules use, in memory, for the unit tier: the same answers as the DynamoDB store
 * (adapters/dynamodb/registry-store.ts), which tests/support/store-contract.ts checks by running one suite
 * against both. A change commits all or nothing, under the same conditions, with the same 409 sentences, and is
 * sealed into the same audit chain; lists come in the same order, a page at a time, with opaque tokens. Only
 * what DynamoDB does on its own clock is left out: TTL never deletes anything here (nothing the rules read
 * depends on it: a rotation lock and an outbox claim carry their own expiry).
 */
export class MemoryRegistryStore implements ReviewStores {
  private readonly tables = new MemoryTables();

  constructor(private readonly options: { now?: () => Date } = {}) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  async getPerson(id: string) {
    return this.tables.get('person', id);
  }

  async listPeople(filter: { team?: string; status?: string }, page: PageRequest) {
    const people = this.tables.all('person').filter((p) => (filter.team === undefined || p.team === filter.team) && (filter.status === undefined || p.status === filter.status));
    return pageOf(people, { scope: filter.team === undefined ? 'people' : `people/team/${filter.team}`, sortKey: (p) => `${p.status}#${p.id}`, within: statusPrefix(filter.status) }, page);
  }

  async getAccount(id: string) {
    return this.tables.get('account', id);
  }

  async listAccounts(filter: AccountFilter, page: PageRequest) {
    const accounts = this.tables
      .all('account')
      .filter((a) => (filter.platform === undefined || a.platform === filter.platform) && (filter.team === undefined || a.team === filter.team) && (filter.status === undefined || a.status === filter.status) && (filter.riskTier === undefined || a.riskTier === filter.riskTier));
    // The list reads the platform's index, else the team's, else all accounts: a token belongs to that one.
    const scope = filter.platform ? `accounts/platform/${filter.platform}` : filter.team ? `accounts/team/${filter.team}` : 'accounts';
    return pageOf(accounts, { scope, sortKey: (a) => `${a.status}#${a.id}`, within: statusPrefix(filter.status) }, page);
  }

  async accountRolesOf(personId: string) {
    const links = sortedBy(
      this.tables.all('link').filter((l) => l.personId === personId),
      (l) => l.accountId,
    );
    const of = (relation: 'owns' | 'backs' | 'controls') => links.filter((l) => l.relation === relation).map((l) => l.accountId);
    return { owned: of('owns'), backup: of('backs'), controls: of('controls') };
  }

  async accountIdOfPlatformAccount(platform: Account['platform'], platformAccountId: string) {
    return this.tables.get('platformId', keyOf(platform, platformAccountId))?.accountId;
  }

  async grantsOfAccount(accountId: string) {
    return sortedBy(
      this.tables.all('grant').filter((g) => g.accountId === accountId),
      (g) => g.id,
    );
  }

  async getGrant(accountId: string, grantId: string) {
    return this.tables.get('grant', keyOf(accountId, grantId));
  }

  async grantsOfPerson(personId: string) {
    return sortedBy(
      this.tables.all('grant').filter((g) => g.personId === personId),
      (g) => `${g.accountId}#${g.id}`,
    );
  }

  async exposuresOf(personId: string) {
    return sortedBy(
      this.tables.all('exposure').filter((e) => e.personId === personId),
      (e) => e.accountId,
    );
  }

  async getPolicy(id: string) {
    return this.tables.get('policy', id);
  }

  async listPolicies(page: PageRequest) {
    return pageOf(this.tables.all('policy'), { scope: 'policies', sortKey: (p) => p.id }, page);
  }

  async dueBy(kind: DueKind, date: string, page: PageRequest) {
    const until = `${date}\uffff`;
    const due = this.dueEntries(kind).filter((entry) => byteOrder(`${entry.dueAt}#${entry.id}`, until) <= 0);
    return pageOf(due, { scope: `due/${kind}`, sortKey: (entry) => `${entry.dueAt}#${entry.id}`, within: (sortKey) => byteOrder(sortKey, until) <= 0 }, page);
  }

  /** What the due index holds of a kind: markers kept as rows, and what an entity's own state puts there. */
  private dueEntries(kind: DueKind): { id: string; dueAt: string }[] {
    switch (kind) {
      case 'TRAINING':
        return this.tables
          .all('person')
          .filter((p) => p.status === 'active' && p.trainingExpiresAt && p.trainingLapsedFor !== p.trainingExpiresAt)
          .map((p) => ({ id: p.id, dueAt: p.trainingExpiresAt! }));
      case 'GRANT_EXPIRY':
        return this.tables
          .all('grant')
          .filter((g) => g.status === 'active' && g.expiresAt)
          .map((g) => ({ id: `${g.accountId}:${g.id}`, dueAt: g.expiresAt! }));
      case 'POLICY_REVIEW':
        return this.tables.all('policy').map((p) => ({ id: p.id, dueAt: p.nextReviewAt }));
      case 'REVIEW_FOLLOW_UP':
        return this.tables
          .all('review')
          .filter((r) => r.status === 'open' && r.followUpAt)
          .map((r) => ({ id: r.id, dueAt: r.followUpAt! }));
      case 'DEPARTED_HOLDER':
        return this.tables.all('departedHolder').map((h) => ({ id: h.personId, dueAt: h.since }));
      case 'HANDOVER_WAITING':
        // Reported and still waiting on people: due for a reminder, by when they were last reminded.
        return this.tables
          .all('departure')
          .filter((d) => d.status === 'waiting' && d.reportedAt && !d.closedAt)
          .map((d) => ({ id: d.id, dueAt: d.remindedAt ?? d.reportedAt! }));
      default:
        return this.tables
          .all('dueMarker')
          .filter((m) => m.kind === kind)
          .map((m) => ({ id: m.accountId, dueAt: m.dueAt }));
    }
  }

  async clearDepartedHolder(personId: string) {
    this.tables.remove('departedHolder', personId);
  }

  async getReview(id: string) {
    return this.tables.get('review', id);
  }

  async listReviews(filter: { status?: Review['status'] }, page: PageRequest) {
    const reviews = this.tables.all('review').filter((r) => filter.status === undefined || r.status === filter.status);
    return pageOf(reviews, { scope: 'reviews', sortKey: (r) => `${r.status}#${r.dueAt}#${r.id}`, within: statusPrefix(filter.status) }, page);
  }

  async reviewsDueBetween(kind: ReviewKind, from: string, to: string) {
    const until = `${to}\uffff`;
    const sortKey = (r: Review) => `${r.dueAt}#${r.id}`;
    return sortedBy(
      this.tables.all('review').filter((r) => r.kind === kind && byteOrder(sortKey(r), from) >= 0 && byteOrder(sortKey(r), until) <= 0),
      sortKey,
    );
  }

  async reviewsOf(subjectType: Review['subjectType'], subjectId: string) {
    return sortedBy(
      this.tables.all('review').filter((r) => r.subjectType === subjectType && r.subjectId === subjectId),
      (r) => `${r.openedAt}#${r.id}`,
      true,
    );
  }

  async openReviewsAssignedTo(personId: string) {
    return sortedBy(
      this.tables.all('review').filter((r) => r.status === 'open' && r.assigneeId === personId),
      (r) => `${r.dueAt}#${r.id}`,
    );
  }

  async openReviewsEscalatedTo(personId: string) {
    const escalations = sortedBy(
      this.tables.all('escalation').filter((e) => e.personId === personId),
      (e) => e.sortKey,
    );
    return escalations.map((e) => this.tables.get('review', e.reviewId)).filter((r): r is Review => r !== undefined && r.status === 'open');
  }

  async findingsOf(accountId: string) {
    return sortedBy(
      this.tables.all('finding').filter((f) => f.accountId === accountId),
      (f) => f.id,
    );
  }

  async listFindings(status: Finding['status'], page: PageRequest, code?: Finding['code']) {
    const findings = this.tables.all('finding').filter((f) => f.status === status && (code === undefined || f.code === code));
    return pageOf(findings, { scope: 'findings', sortKey: (f) => `${f.status}#${f.accountId}#${f.id}`, within: statusPrefix(status) }, page);
  }

  async latestKpis() {
    return this.tables.get('kpis', LATEST);
  }

  async saveKpis(kpis: Kpis) {
    this.tables.put('kpis', LATEST, kpis);
    this.tables.put('kpiSnapshot', kpis.asOf, kpis);
  }

  async kpiHistory(from: string, page: PageRequest) {
    const snapshots = this.tables.all('kpiSnapshot').filter((k) => byteOrder(k.asOf, from) >= 0);
    return pageOf(snapshots, { scope: 'kpis', sortKey: (k) => k.asOf, within: (asOf) => byteOrder(asOf, from) >= 0 }, page);
  }

  async getApproval(id: string) {
    return this.tables.get('approval', id);
  }

  async listApprovals(filter: { status?: string }, page: PageRequest) {
    const requests = this.tables.all('approval').filter((r) => filter.status === undefined || r.status === filter.status);
    // All requests by when they were made, or one status's: two lists, so a token belongs to one of them.
    const list: ListScope<ApprovalRequest> =
      filter.status === undefined
        ? { scope: 'approvals', sortKey: (r) => `${r.createdAt}#${r.id}`, descending: true }
        : { scope: 'approvals/status', sortKey: (r) => `${r.status}#${r.createdAt}#${r.id}`, descending: true, within: statusPrefix(filter.status) };
    return pageOf(requests, list, page);
  }

  async approvalsRequestedBy(personId: string, page: PageRequest) {
    const requests = this.tables.all('approval').filter((r) => r.requesterId === personId);
    return pageOf(requests, { scope: `requester/${personId}`, sortKey: (r) => `${r.createdAt}#${r.id}`, descending: true }, page);
  }

  async approvalsAwaiting(personId: string) {
    return sortedBy(
      this.tables.all('awaiting').filter((a) => a.personId === personId),
      (a) => a.requestId,
    ).map((a) => a.requestId);
  }

  async openTasksOf(personId: string) {
    // A result is indexed under the assignee of its first open control task, as the DynamoDB item is.
    const open = this.tables.all('departureResult').filter((r) => r.controls?.find((task) => task.status === 'open')?.assignedTo === personId);
    return sortedBy(open, (r) => `${r.caseId}#${r.accountId}`).map((r) => ({ caseId: r.caseId, accountId: r.accountId }));
  }

  async openCustodyTasksOf(personId: string) {
    return sortedBy(
      this.tables.all('custodyTask').filter((t) => t.status !== 'confirmed' && t.custodianId === personId),
      (t) => t.id,
    );
  }

  async getCustodyTask(id: string) {
    return this.tables.get('custodyTask', id);
  }

  async parkedWait(owner: WaitOwner) {
    return this.tables.get('wait', keyOf(owner.kind, owner.id));
  }

  async parkWait(wait: ParkedWait) {
    this.tables.put('wait', keyOf(wait.owner.kind, wait.owner.id), wait);
  }

  async acquireRotationLock(accountId: string, token: string, ttlSeconds: number) {
    const now = this.nowSeconds();
    const lock = this.tables.get('rotationLock', accountId);
    if (lock && lock.token !== token && !(lock.lockedUntil < now)) return false;
    this.tables.put('rotationLock', accountId, { token, lockedUntil: now + ttlSeconds });
    return true;
  }

  async releaseRotationLock(accountId: string, token: string) {
    // Not ours (or gone): nothing to release.
    if (this.tables.get('rotationLock', accountId)?.token === token) this.tables.remove('rotationLock', accountId);
  }

  async claimOutbox(key: string, staleAfterSeconds: number) {
    const now = this.nowSeconds();
    const claim = this.tables.get('outbox', key);
    if (claim && (claim.sentAt !== undefined || !(claim.claimedAt < now - staleAfterSeconds))) return false;
    this.tables.put('outbox', key, { claimedAt: now });
    return true;
  }

  async markOutboxSent(key: string) {
    const now = this.nowSeconds();
    this.tables.put('outbox', key, { claimedAt: now, sentAt: now });
  }

  async getDeparture(id: string, accountIds?: readonly string[]) {
    const summary = this.tables.get('departure', id);
    if (!summary) return undefined;
    const results = accountIds
      ? accountIds.map((accountId) => this.tables.get('departureResult', keyOf(id, accountId))).filter((r) => r !== undefined)
      : sortedBy(
          this.tables.all('departureResult').filter((r) => r.caseId === id),
          (r) => r.accountId,
        );
    return { ...summary, accounts: Object.fromEntries(results.map((r) => [r.accountId, r])) } as DepartureCase;
  }

  async listDepartures(page: PageRequest) {
    return pageOf(this.tables.all('departure'), { scope: 'departures', sortKey: (d) => `${d.createdAt}#${d.id}`, descending: true }, page);
  }

  async auditOf(entityType: string, entityId: string) {
    const chain = chainOf({ entityType, entityId });
    return sortedBy(
      this.tables.all('audit').filter((e) => chainOf(e) === chain),
      (e) => seqKey(e.seq),
    );
  }

  async auditEvents(page: PageRequest, filter: AuditFilter = {}) {
    const { entity, actor, action, from, to } = filter;
    const events = this.tables
      .all('audit')
      .filter((e) => (entity === undefined || (e.entityType === entity.type && e.entityId === entity.id)) && (actor === undefined || e.actor === actor) && (action === undefined || e.action === action) && (from === undefined || e.at >= from) && (to === undefined || e.at <= to));
    return pageOf(events, { scope: entity === undefined ? 'audit' : `audit/${entity.type}/${entity.id}`, sortKey: (e) => `${e.at}#${chainOf(e)}#${seqKey(e.seq)}` }, page);
  }

  async eventsByKey(keys: readonly string[]) {
    const wanted = new Set(keys);
    return new Map(this.tables.all('audit').flatMap((event) => (wanted.has(`${chainOf(event)}#${event.seq}`) ? [[`${chainOf(event)}#${event.seq}`, event] as const] : [])));
  }

  async chainEventsBetween(page: PageRequest, { from, to }: { from: string; to: string }) {
    const events = this.tables.all('audit').filter((e) => e.at >= from && e.at <= to).map((event) => ({ chain: chainOf(event), event }));
    return pageOf(events, { scope: 'audit-between', sortKey: (c) => `${c.event.at}#${c.chain}#${seqKey(c.event.seq)}` }, page);
  }

  async chainRecords(page: PageRequest) {
    const records: ChainRecord[] = [...this.tables.all('audit').map((event) => ({ chain: chainOf(event), event })), ...this.tables.all('auditHead').map(({ chain, seq, hash }) => ({ chain, head: { seq, hash } }))];
    return pageOf(records, { scope: 'audit-chains', sortKey: (r) => `${r.chain}#${'event' in r ? seqKey(r.event.seq) : 'HEAD'}` }, page);
  }

  async chainAsItStands(chain: string) {
    const stored = this.tables.get('auditHead', chain);
    const head = stored && { seq: stored.seq, hash: stored.hash };
    const events = sortedBy(
      this.tables.all('audit').filter((e) => chainOf(e) === chain),
      (e) => seqKey(e.seq),
    );
    return { head, events };
  }

  /**
   * The change's rows, the audit event and its chain's advanced head, in one step. Nothing else runs between
   * reading the head and writing it (there is no await in between), so the changes about one subject are
   * ordered as the head's condition orders them in DynamoDB, without a race to lose.
   */
  async commit(change: Change<AnyWrite>): Promise<AuditEvent> {
    const now = this.now();
    const chain = chainOf(change.audit);
    const head = this.tables.get('auditHead', chain);
    const event = sealEvent(change.audit, (head?.seq ?? 0) + 1, now.toISOString(), head?.hash ?? GENESIS_HASH, changesOf(change.writes));
    const audit: Step[] = [
      { collection: 'audit', key: keyOf(chain, seqKey(event.seq)), conflict: conflicts.none, effect: { put: event } },
      { collection: 'auditHead', key: chain, conflict: conflicts.none, effect: { put: { chain, seq: event.seq, hash: event.hash } } },
    ];
    transact(this.tables, [...change.writes.flatMap((write) => stepsFor(write, now)), ...audit]);
    return event;
  }

  /**
   * Everything the store holds, for checks over the whole registry (tests/support/invariants.ts): what a Scan of
   * the DynamoDB table gives the local tier's model-based test.
   */
  snapshot() {
    const results = this.tables.all('departureResult');
    const departures: DepartureCase[] = this.tables.all('departure').map((summary) => ({ ...summary, accounts: Object.fromEntries(results.filter((r) => r.caseId === summary.id).map((r) => [r.accountId, r])) }));
    return {
      people: this.tables.all('person'),
      accounts: this.tables.all('account'),
      grants: this.tables.all('grant'),
      exposures: this.tables.all('exposure'),
      departures,
      approvals: this.tables.all('approval'),
      reviews: this.tables.all('review'),
      custodyTasks: this.tables.all('custodyTask'),
      audit: sortedBy(this.tables.all('audit'), (e) => `${chainOf(e)}#${seqKey(e.seq)}`),
      chainHeads: Object.fromEntries(this.tables.all('auditHead').map(({ chain, seq, hash }) => [chain, { seq, hash }])),
    };
  }
}
