import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, sealEvent, type AuditEvent } from '../../core/audit/chain.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';
import { awaitingApprovers, type ApprovalRequest } from '../../core/approvals/model.ts';
import type { AccountResult, DepartureCase, DepartureSummary } from '../../core/handover/model.ts';
import type { Account, Exposure, Grant, Person, Policy } from '../../core/registry/model.ts';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { Finding, Review, ReviewKind } from '../../core/reviews/model.ts';
import type { Kpis } from '../../core/reviews/model.ts';
import { registryTable } from '../../declarations/table.ts';
import { changesOf } from '../../core/audit/trail.ts';
import type { AccountFilter, Change, Page } from '../../core/registry/ports.ts';
import type { AuditFilter } from '../../core/audit/ports.ts';
import type { AnyWrite, DueKind, ReviewStores } from '../../core/reviews/ports.ts';
import type { ParkedWait, WaitOwner } from '../../core/waits/ports.ts';
import {
  AUDIT_HEAD_KEY,
  KPIS_KEY,
  kpiSnapshotKey,
  accountItem,
  accountMarkers,
  departedHolderKey,
  findingItem,
  reviewItem,
  reviewKey,
  accountKey,
  approvalItem,
  approvalKey,
  awaitingItem,
  awaitingKey,
  escalatedWhileOpen,
  reviewEscalationItem,
  reviewEscalationKey,
  auditItem,
  auditKey,
  backsKey,
  controlHolders,
  controlsKey,
  custodyKey,
  custodyTaskItem,
  rotationLockKey,
  waitKey,
  departureItem,
  departureKey,
  departureResultItem,
  departureResultKey,
  emailKey,
  entityOf,
  exposureItem,
  grantItem,
  grantKey,
  holderKey,
  outboxKey,
  ownsKey,
  personItem,
  personKey,
  platformIdKey,
  policyItem,
  policyKey,
} from './registry-keys.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One transaction item plus the sentence a failed condition on it means, for the 409 the caller gets. */
interface Step {
  item: TransactItem;
  conflict: string;
}

/**
 * Another writer advanced the audit head between our read and our write; the change is simply retried, with
 * exponential backoff and full jitter, for as long as this budget allows. The budget, not a count, bounds it:
 * under a burst (hundreds of approvers deciding at once) a writer may lose many races before it wins.
 */
const HEAD_RETRY_BUDGET_MS = 25_000;
const HEAD_BACKOFF_BASE_MS = 10;
const HEAD_BACKOFF_CAP_MS = 1_000;

export class DynamoRegistryStore implements ReviewStores {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date }) {}

  private get table() {
    return this.options.tableName;
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return entityOf<T>(Item);
  }

  private async query<T>(input: Omit<QueryCommandInput, 'TableName'>, page?: { limit: number; next?: string }): Promise<Page<T>> {
    const command = new QueryCommand({ TableName: this.table, ...input, Limit: page?.limit, ExclusiveStartKey: decodeNext(page?.next) });
    const { Items, LastEvaluatedKey } = await this.options.client.send(command).catch((error: Error) => {
      // A page token from another list (or a forged one) is the caller's mistake, not ours.
      if (page?.next !== undefined && error.name === 'ValidationException') throw new ValidationError('invalid page token: pass back the "next" value of the previous page unchanged');
      throw error;
    });
    return { items: (Items ?? []).map((item) => entityOf<T>(item)!), next: encodeNext(LastEvaluatedKey) };
  }

  /** Every item of a key condition, following pages; for bounded sets (one account's grants, one person's links). */
  private async queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
      const page = await this.query<T>(input, { limit: 500, next });
      items.push(...page.items);
      next = page.next;
    } while (next);
    return items;
  }

  getPerson(id: string) {
    return this.get<Person>(personKey(id));
  }

  listPeople(filter: { team?: string; status?: string }, page: { limit: number; next?: string }) {
    const byTeam = filter.team !== undefined;
    return this.query<Person>(
      {
        IndexName: byTeam ? 'gsi3' : 'gsi4',
        KeyConditionExpression: filter.status ? '#pk = :pk AND begins_with(#sk, :status)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byTeam ? 'gsi3pk' : 'gsi4pk', ...(filter.status ? { '#sk': byTeam ? 'gsi3sk' : 'gsi4sk' } : {}) },
        ExpressionAttributeValues: { ':pk': byTeam ? `PEOPLE#TEAM#${filter.team}` : 'PEOPLE', ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
      },
      page,
    );
  }

  getAccount(id: string) {
    return this.get<Account>(accountKey(id));
  }

  listAccounts(filter: AccountFilter, page: { limit: number; next?: string }) {
    const [index, pk] = filter.platform
      ? ['gsi2', `ACCOUNTS#PLATFORM#${filter.platform}`]
      : filter.team
        ? ['gsi3', `ACCOUNTS#TEAM#${filter.team}`]
        : ['gsi4', 'ACCOUNTS'];
    // With both platform and team, the platform index narrows and team is a filter on that set; a tier is
    // always a filter (four tiers do not narrow enough to be worth an index).
    const filters = { ...(filter.platform && filter.team ? { team: filter.team } : {}), ...(filter.riskTier ? { riskTier: filter.riskTier } : {}) };
    const key: Omit<QueryCommandInput, 'TableName'> = {
      IndexName: index,
      KeyConditionExpression: filter.status ? '#pk = :pk AND begins_with(#sk, :status)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': `${index}pk`, ...(filter.status ? { '#sk': `${index}sk` } : {}) },
      ExpressionAttributeValues: { ':pk': pk, ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
    };
    if (Object.keys(filters).length === 0) return this.query<Account>(key, page);
    return this.filteredPage<Account>(withEquals(key, filters), page, (account) => {
      const item = accountItem(account) as Record<string, unknown>;
      return { ...accountKey(account.id), [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] };
    });
  }

  async accountRolesOf(personId: string) {
    const linked = (prefix: string) =>
      this.queryAll<{ accountId: string }>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':prefix': prefix } });
    const [owned, backup, controls] = await Promise.all([linked('OWNS#'), linked('BACKS#'), linked('CONTROLS#')]);
    return { owned: owned.map((l) => l.accountId), backup: backup.map((l) => l.accountId), controls: controls.map((l) => l.accountId) };
  }

  grantsOfAccount(accountId: string) {
    return this.queryAll<Grant>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :grant)', ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':grant': 'GRANT#' } });
  }

  getGrant(accountId: string, grantId: string) {
    return this.get<Grant>(grantKey(accountId, grantId));
  }

  grantsOfPerson(personId: string) {
    return this.queryAll<Grant>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :grant)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':grant': 'GRANT#' } });
  }

  exposuresOf(personId: string) {
    return this.queryAll<Exposure>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :exposure)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':exposure': 'EXPOSURE#' } });
  }

  getPolicy(id: string) {
    return this.get<Policy>(policyKey(id));
  }

  listPolicies(page: { limit: number; next?: string }) {
    return this.query<Policy>({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'POLICIES' } }, page);
  }

  async dueBy(kind: DueKind, date: string, page: { limit: number; next?: string }) {
    // Key-only projection: the sweep learns what is due and when; it reads the items it acts on itself.
    const { Items, LastEvaluatedKey } = await this.options.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk <= :until',
        ExpressionAttributeValues: { ':pk': `DUE#${kind}`, ':until': `${date}\uffff` },
        ProjectionExpression: 'gsi5sk',
        Limit: page.limit,
        ExclusiveStartKey: decodeNext(page.next),
      }),
    );
    const items = (Items ?? []).map((item) => {
      const sortKey = String(item.gsi5sk);
      const split = sortKey.lastIndexOf('#');
      return { dueAt: sortKey.slice(0, split), id: sortKey.slice(split + 1) };
    });
    return { items, next: encodeNext(LastEvaluatedKey) };
  }

  async clearDepartedHolder(personId: string) {
    await this.options.client.send(new DeleteCommand({ TableName: this.table, Key: departedHolderKey(personId) }));
  }

  getReview(id: string) {
    return this.get<Review>(reviewKey(id));
  }

  listReviews(filter: { status?: Review['status'] }, page: { limit: number; next?: string }) {
    return this.query<Review>(
      {
        IndexName: 'gsi4',
        KeyConditionExpression: filter.status ? 'gsi4pk = :pk AND begins_with(gsi4sk, :status)' : 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REVIEWS', ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
      },
      page,
    );
  }

  reviewsDueBetween(kind: ReviewKind, from: string, to: string) {
    return this.queryAll<Review>({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': `REVIEWS#KIND#${kind}`, ':from': from, ':to': `${to}\uffff` } });
  }

  reviewsOf(subjectType: Review['subjectType'], subjectId: string) {
    return this.queryAll<Review>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#${subjectType}#${subjectId}` }, ScanIndexForward: false });
  }

  findingsOf(accountId: string) {
    return this.queryAll<Finding>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :finding)', ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':finding': 'FINDING#' }, ConsistentRead: true });
  }

  listFindings(status: Finding['status'], page: { limit: number; next?: string }, code?: Finding['code']) {
    const key = { IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :status)', ExpressionAttributeValues: { ':pk': 'FINDINGS', ':status': `${status}#` } };
    if (code === undefined) return this.query<Finding>(key, page);
    return this.filteredPage<Finding>(withEquals(key, { code }), page, (finding) => {
      const { pk, sk, gsi4pk, gsi4sk } = findingItem(finding);
      return { pk, sk, gsi4pk, gsi4sk };
    });
  }

  latestKpis() {
    return this.get<Kpis>(KPIS_KEY);
  }

  /** The latest figures and their snapshot for the trends, together: a snapshot is never missing from the history. */
  async saveKpis(kpis: Kpis) {
    const keepUntil = Math.floor(Date.parse(kpis.asOf) / 1000) + KPI_HISTORY_KEEP_SECONDS;
    await this.options.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...KPIS_KEY, entity: 'kpis', ...kpis } } },
          { Put: { TableName: this.table, Item: { ...kpiSnapshotKey(kpis.asOf), entity: 'kpis-snapshot', ...kpis, [registryTable.timeToLiveAttribute]: keepUntil } } },
        ],
      }),
    );
  }

  kpiHistory(from: string, page: { limit: number; next?: string }) {
    return this.query<Kpis>({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :end', ExpressionAttributeValues: { ':pk': 'KPIS', ':from': `SNAPSHOT#${from}`, ':end': 'SNAPSHOT#~' } }, page);
  }

  getApproval(id: string) {
    return this.get<ApprovalRequest>(approvalKey(id));
  }

  listApprovals(filter: { status?: string }, page: { limit: number; next?: string }) {
    const byStatus = filter.status !== undefined;
    return this.query<ApprovalRequest>(
      {
        IndexName: byStatus ? 'gsi4' : 'gsi2',
        KeyConditionExpression: byStatus ? 'gsi4pk = :pk AND begins_with(gsi4sk, :status)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'APPROVALS', ...(byStatus ? { ':status': `${filter.status}#` } : {}) },
        ScanIndexForward: false,
      },
      page,
    );
  }

  approvalsRequestedBy(personId: string, page: { limit: number; next?: string }) {
    return this.query<ApprovalRequest>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `REQUESTER#${personId}` }, ScanIndexForward: false }, page);
  }

  async openTasksOf(personId: string) {
    return this.queryAll<{ caseId: string; accountId: string }>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `TASKS#${personId}` }, ProjectionExpression: 'caseId, accountId' });
  }

  async openReviewsAssignedTo(personId: string) {
    return this.queryAll<Review>({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#ASSIGNEE#${personId}` } });
  }

  async openReviewsEscalatedTo(personId: string) {
    const escalations = await this.queryAll<{ reviewId: string }>({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `REVIEWS#ESCALATED#${personId}` } });
    const reviews = await Promise.all(escalations.map((e) => this.getReview(e.reviewId)));
    return reviews.filter((r): r is Review => r !== undefined && r.status === 'open');
  }

  async openCustodyTasksOf(personId: string) {
    return this.queryAll<CustodyTask>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTODIAN#${personId}` } });
  }

  async approvalsAwaiting(personId: string) {
    const items = await this.queryAll<{ requestId: string }>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AWAITING#${personId}` } });
    return items.map((item) => item.requestId);
  }

  parkedWait(owner: WaitOwner) {
    return this.get<ParkedWait>(waitKey(owner));
  }

  async parkWait(wait: ParkedWait) {
    await this.options.client.send(new PutCommand({ TableName: this.table, Item: { ...waitKey(wait.owner), entity: 'wait', ...wait } }));
  }

  async acquireRotationLock(accountId: string, token: string, ttlSeconds: number) {
    const now = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...rotationLockKey(accountId), entity: 'rotation-lock', token, lockedUntil: now + ttlSeconds, [registryTable.timeToLiveAttribute]: now + ttlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR #token = :token OR lockedUntil < :now',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimOutbox(key: string, staleAfterSeconds: number) {
    const now = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...outboxKey(key), entity: 'outbox', claimedAt: now, [registryTable.timeToLiveAttribute]: now + OUTBOX_KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk) OR (attribute_not_exists(sentAt) AND claimedAt < :stale)',
          ExpressionAttributeValues: { ':stale': now - staleAfterSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markOutboxSent(key: string) {
    const now = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    await this.options.client.send(new PutCommand({ TableName: this.table, Item: { ...outboxKey(key), entity: 'outbox', claimedAt: now, sentAt: now, [registryTable.timeToLiveAttribute]: now + OUTBOX_KEEP_SECONDS } }));
  }

  async releaseRotationLock(accountId: string, token: string) {
    await this.options.client
      .send(new DeleteCommand({ TableName: this.table, Key: rotationLockKey(accountId), ConditionExpression: '#token = :token', ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':token': token } }))
      .catch((error: unknown) => {
        // Not ours (or gone): nothing to release.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  getCustodyTask(id: string) {
    return this.get<CustodyTask>(custodyKey(id));
  }

  async getDeparture(id: string, accountIds?: readonly string[]) {
    if (accountIds) {
      const summary = await this.get<DepartureSummary>(departureKey(id));
      if (!summary) return undefined;
      const results = await Promise.all(accountIds.map((accountId) => this.get<AccountResult>(departureResultKey(id, accountId))));
      return { ...summary, accounts: Object.fromEntries(results.filter((r): r is AccountResult => r !== undefined).map((r) => [r.accountId, r])) } as DepartureCase;
    }
    const items = await this.queryAll<Record<string, unknown>>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DEPARTURE#${id}` }, ConsistentRead: true });
    // entityOf strips the keys, so the kind of item is told by its fields: results carry relations.
    const summary = items.find((item) => !('relations' in item)) as DepartureSummary | undefined;
    if (!summary) return undefined;
    const results = items.filter((item) => 'relations' in item) as unknown as AccountResult[];
    return { ...summary, accounts: Object.fromEntries(results.map((r) => [r.accountId, r])) } as DepartureCase;
  }

  listDepartures(page: { limit: number; next?: string }) {
    return this.query<DepartureSummary>({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'DEPARTURES' }, ScanIndexForward: false }, page);
  }

  auditOf(entityType: string, entityId: string) {
    return this.queryAll<AuditEvent>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${entityType}#${entityId}` } });
  }

  async auditEvents(page: { limit: number; next?: string }, filter: AuditFilter = {}) {
    const byEntity = filter.entity !== undefined;
    const key: Omit<QueryCommandInput, 'TableName'> = byEntity
      ? { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${filter.entity!.type}#${filter.entity!.id}` } }
      : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)', ExpressionAttributeValues: { ':pk': 'AUDIT', ':event': 'EVENT#' } };
    const conditions = auditConditions(filter);
    if (conditions.expression.length === 0) return this.query<AuditEvent>(key, page);
    return this.filteredPage<AuditEvent>(
      { ...key, FilterExpression: conditions.expression.join(' AND '), ExpressionAttributeNames: conditions.names, ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...conditions.values } },
      page,
      (event) => ({ ...auditKey(event.seq), ...(byEntity ? { gsi1pk: `AUDIT#${event.entityType}#${event.entityId}`, gsi1sk: String(event.seq).padStart(12, '0') } : {}) }),
    );
  }

  /**
   * Up to `limit` items that pass a filter expression. DynamoDB applies Limit before the filter, so one Query
   * can match nothing; this reads on (at most MAX_FILTERED_READS queries, to stay well inside an API call's
   * time) and, having more than it needs, answers a `next` at the last item it kept.
   */
  private async filteredPage<T>(input: Omit<QueryCommandInput, 'TableName'>, page: { limit: number; next?: string }, keyOf: (item: T) => Record<string, unknown>): Promise<Page<T>> {
    const items: T[] = [];
    let next = page.next;
    for (let reads = 0; reads < MAX_FILTERED_READS; reads++) {
      // A read stops at 1 MB anyway; a small Limit would make sparse matches look like none.
      const read = await this.query<T>(input, { limit: 1000, next });
      items.push(...read.items);
      if (items.length >= page.limit) {
        const kept = items.slice(0, page.limit);
        return { items: kept, next: items.length > page.limit || read.next ? encodeNext(keyOf(kept.at(-1)!)) : undefined };
      }
      next = read.next;
      if (!next) break;
    }
    return { items, next };
  }

  async auditHead() {
    const head = await this.get<{ seq: number; hash: string }>(AUDIT_HEAD_KEY);
    return head ? { seq: head.seq, hash: head.hash } : undefined;
  }

  /**
   * The change's items, the audit event and the advanced audit head, in one TransactWriteItems. The head's
   * condition serializes audit writers; losing that race means "read the head again and retry", while a
   * failed condition on an entity means a stale or clashing write: 409, and nothing was written.
   */
  async commit(change: Change<AnyWrite>): Promise<AuditEvent> {
    const steps = change.writes.flatMap((write) => this.stepsFor(write));
    const giveUpAt = Date.now() + HEAD_RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      const head = await this.auditHead();
      const event = sealEvent(change.audit, (head?.seq ?? 0) + 1, (this.options.now?.() ?? new Date()).toISOString(), head?.hash ?? GENESIS_HASH, changesOf(change.writes));
      const auditSteps: TransactItem[] = [
        { Put: { TableName: this.table, Item: auditItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: this.table,
            Item: { ...AUDIT_HEAD_KEY, seq: event.seq, hash: event.hash },
            ConditionExpression: head ? 'seq = :seq' : 'attribute_not_exists(pk)',
            ExpressionAttributeValues: head ? { ':seq': head.seq } : undefined,
          },
        },
      ];
      try {
        await this.options.client.send(new TransactWriteCommand({ TransactItems: [...steps.map((s) => s.item), ...auditSteps] }));
        return event;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failedStep = steps.findIndex((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
        if (failedStep >= 0) throw new ConflictError(steps[failedStep]!.conflict);
        const lostHeadRace = reasons.slice(steps.length).some((r) => r?.Code === 'ConditionalCheckFailed') || reasons.some((r) => r?.Code === 'TransactionConflict');
        if (!lostHeadRace || Date.now() >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(HEAD_BACKOFF_CAP_MS, HEAD_BACKOFF_BASE_MS * 2 ** attempt)));
      }
    }
  }

  private stepsFor(write: AnyWrite): Step[] {
    const table = this.table;
    const put = (Item: Record<string, unknown>, conflict: string, expectedVersion?: number | null): Step => ({
      item: {
        Put: {
          TableName: table,
          Item,
          ...(expectedVersion === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          ...(typeof expectedVersion === 'number' ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      },
      conflict,
    });
    const claim = (key: { pk: string; sk: string }, attributes: Record<string, unknown>, conflict: string): Step => put({ ...key, ...attributes }, conflict, null);
    const release = (key: { pk: string; sk: string }): Step => ({ item: { Delete: { TableName: table, Key: key } }, conflict: 'unexpected conflict' });
    /** The index items that follow a set of people (approvers awaited, an escalation): those who left it go, those who joined come. */
    const followers = (before: readonly string[], after: readonly string[], keyOf: (personId: string) => { pk: string; sk: string }, itemOf: (personId: string) => Record<string, unknown>): Step[] => [
      ...before.filter((id) => !after.includes(id)).map((id) => release(keyOf(id))),
      ...after.filter((id) => !before.includes(id)).map((id) => ({ item: { Put: { TableName: table, Item: itemOf(id) } }, conflict: 'unexpected conflict' })),
    ];
    const stale = (type: string, id: string) => `${type} ${id} changed since you read it (stale version); read it again`;
    const exists = (type: string, id: string) => `${type} ${id} already exists`;

    switch (write.type) {
      case 'person': {
        const { item, previous, expectedVersion } = write;
        const steps = [put(personItem(item), expectedVersion === null ? exists('person', item.id) : stale('person', item.id), expectedVersion)];
        if (!previous || previous.email !== item.email) {
          steps.push(claim(emailKey(item.email), { personId: item.id }, `email ${item.email} already belongs to someone else`));
          if (previous) steps.push(release(emailKey(previous.email)));
        }
        // The single-point sweep visits departed people until nothing is left in their name.
        if (item.status === 'departed' && previous?.status !== 'departed') {
          steps.push({ item: { Put: { TableName: table, Item: { ...departedHolderKey(item.id), entity: 'due-marker', personId: item.id, gsi5pk: 'DUE#DEPARTED_HOLDER', gsi5sk: `${item.updatedAt}#${item.id}` } } }, conflict: 'unexpected conflict' });
        }
        return steps;
      }
      case 'account': {
        const { item, previous, expectedVersion } = write;
        const steps = [put(accountItem(item), expectedVersion === null ? exists('account', item.id) : stale('account', item.id), expectedVersion)];
        if (!previous) steps.push(claim(platformIdKey(item), { accountId: item.id }, `${item.platform} account ${item.platformAccountId} is already in the registry`));
        const link = (key: (p: string, a: string) => { pk: string; sk: string }, kind: 'owns' | 'backs', before?: string, after?: string) => {
          if (before === after) return;
          if (before) steps.push(release(key(before, item.id)));
          if (after) steps.push({ item: { Put: { TableName: table, Item: { ...key(after, item.id), accountId: item.id, relation: kind } } }, conflict: 'unexpected conflict' });
        };
        link(ownsKey, 'owns', previous?.ownerId, item.ownerId);
        link(backsKey, 'backs', previous?.backupOwnerId, item.backupOwnerId);
        const holdersBefore = previous ? controlHolders(previous) : [];
        const holdersAfter = controlHolders(item);
        for (const id of holdersBefore) if (!holdersAfter.includes(id)) steps.push(release(controlsKey(id, item.id)));
        for (const id of holdersAfter) if (!holdersBefore.includes(id)) steps.push({ item: { Put: { TableName: table, Item: { ...controlsKey(id, item.id), accountId: item.id, relation: 'controls' } } }, conflict: 'unexpected conflict' });
        // Due markers follow the account; only the ones that changed are written.
        const markersBefore = new Map((previous ? accountMarkers(previous) : []).map((m) => [m.sk as string, m]));
        const markersAfter = new Map(accountMarkers(item).map((m) => [m.sk as string, m]));
        for (const [sk, marker] of markersBefore) if (!markersAfter.has(sk)) steps.push(release({ pk: marker.pk as string, sk }));
        for (const [sk, marker] of markersAfter) {
          const before = markersBefore.get(sk);
          if (!before || before.gsi5pk !== marker.gsi5pk || before.gsi5sk !== marker.gsi5sk) steps.push({ item: { Put: { TableName: table, Item: marker } }, conflict: 'unexpected conflict' });
        }
        return steps;
      }
      case 'grant': {
        const { item, expectedVersion } = write;
        const steps = [put(grantItem(item), expectedVersion === null ? exists('grant', item.id) : stale('grant', item.id), expectedVersion)];
        if (expectedVersion === null) {
          // One live grant per person and account, even under concurrent requests; an expired one may be replaced.
          steps.push({
            item: {
              Put: {
                TableName: table,
                Item: { ...holderKey(item.accountId, item.personId), grantId: item.id, expiresAt: item.expiresAt ?? '9999' },
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': (this.options.now?.() ?? new Date()).toISOString() },
              },
            },
            conflict: `person ${item.personId} already holds a grant on account ${item.accountId}`,
          });
        } else if (item.status === 'revoked') {
          steps.push(release(holderKey(item.accountId, item.personId)));
        }
        return steps;
      }
      case 'policy': {
        const { item, expectedVersion } = write;
        return [put(policyItem(item), expectedVersion === null ? exists('policy', item.id) : stale('policy', item.id), expectedVersion)];
      }
      case 'exposure':
        return [{ item: { Put: { TableName: table, Item: exposureItem(write.item) } }, conflict: 'unexpected conflict' }];
      case 'custody-task': {
        const { item, expectedVersion } = write;
        return [put(custodyTaskItem(item), expectedVersion === null ? exists('custody task', item.id) : stale('custody task', item.id), expectedVersion)];
      }
      case 'review': {
        const { item, previous, expectedVersion } = write;
        const steps = [put(reviewItem(item), expectedVersion === null ? exists('review', item.id) : stale('review', item.id), expectedVersion)];
        return [...steps, ...followers(previous ? escalatedWhileOpen(previous) : [], escalatedWhileOpen(item), (id) => reviewEscalationKey(item.id, id), (id) => reviewEscalationItem(item, id))];
      }
      case 'review-comment': {
        // An append, conditioned on the review still taking comments, not on its version: concurrent comments
        // all land (the audit head serializes them), and the version moves on for whole-review writers.
        const { reviewId, comment, maxComments } = write;
        return [
          {
            item: {
              Update: {
                TableName: table,
                Key: reviewKey(reviewId),
                UpdateExpression: 'SET comments = list_append(if_not_exists(comments, :none), :comment), version = version + :one, updatedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND #status = :open AND dueAt > :at AND (attribute_not_exists(comments) OR size(comments) < :max)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':none': [], ':comment': [comment], ':one': 1, ':at': comment.at, ':open': 'open', ':max': maxComments },
              },
            },
            conflict: `review ${reviewId} stopped taking comments meanwhile (its comment period ended, or it has ${maxComments})`,
          },
        ];
      }
      case 'finding': {
        const { item, expectedStatus } = write;
        const condition = expectedStatus === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':status': expectedStatus } };
        return [{ item: { Put: { TableName: table, Item: findingItem(item), ...condition } }, conflict: `finding ${item.id} of ${item.accountId} changed meanwhile` }];
      }
      case 'departure': {
        const { item, expectedVersion } = write;
        return [put(departureItem(item), expectedVersion === null ? exists('departure', item.id) : stale('departure', item.id), expectedVersion)];
      }
      case 'departure-result': {
        const { caseId, item, expectedRevision } = write;
        const condition = expectedRevision === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'revision = :r', ExpressionAttributeValues: { ':r': expectedRevision } };
        return [{ item: { Put: { TableName: table, Item: departureResultItem(caseId, item), ...condition } }, conflict: `the result of ${item.accountId} in ${caseId} changed meanwhile` }];
      }
      case 'assignable':
        // Whoever is handed something must not be leaving by the time it lands: a departure requested
        // between the check and this commit makes the commit fail, and the retry picks someone else.
        return [
          {
            item: { ConditionCheck: { TableName: table, Key: personKey(write.personId), ConditionExpression: '#status = :active AND attribute_not_exists(leavingAt)', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':active': 'active' } } },
            conflict: `${write.personId} is leaving and cannot be assigned anything`,
          },
        ];
      case 'approval': {
        const { item, previous, expectedVersion } = write;
        const steps = [put(approvalItem(item), expectedVersion === null ? exists('approval', item.id) : stale('approval', item.id), expectedVersion)];
        // The "awaiting my decision" items follow the current stage's undecided approvers.
        return [...steps, ...followers(previous ? awaitingApprovers(previous) : [], awaitingApprovers(item), (id) => awaitingKey(item.id, id), (id) => awaitingItem(item.id, id))];
      }
    }
  }

  /** Reads the claim an account's creation writes (PLATFORMID#…): the same item that refuses a second one. */
  async accountIdOfPlatformAccount(platform: Account['platform'], platformAccountId: string) {
    return (await this.get<{ accountId: string }>(platformIdKey({ platform, platformAccountId })))?.accountId;
  }
}

/** A query narrowed by a FilterExpression of attribute equalities (`#f_name = :f_name`, joined by AND). */
function withEquals(key: Omit<QueryCommandInput, 'TableName'>, equals: Record<string, string>): Omit<QueryCommandInput, 'TableName'> {
  const names = Object.keys(equals);
  return {
    ...key,
    FilterExpression: names.map((name) => `#f_${name} = :f_${name}`).join(' AND '),
    ExpressionAttributeNames: { ...key.ExpressionAttributeNames, ...Object.fromEntries(names.map((name) => [`#f_${name}`, name])) },
    ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...Object.fromEntries(names.map((name) => [`:f_${name}`, equals[name]])) },
  };
}

/** Two years of KPI snapshots: enough for a year-on-year trend. */
const KPI_HISTORY_KEEP_SECONDS = 2 * 366 * 86_400;

/** Queries one filtered page may read: 25 × 1,000 events (at most 1 MB each) stays far inside the API's 30-second integration timeout. */
const MAX_FILTERED_READS = 25;

function auditConditions(filter: AuditFilter) {
  const expression: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (field: 'actor' | 'action', value: string | undefined) => {
    if (value === undefined) return;
    expression.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  };
  equal('actor', filter.actor);
  equal('action', filter.action);
  if (filter.from !== undefined || filter.to !== undefined) {
    names['#at'] = 'at';
    if (filter.from !== undefined) (expression.push('#at >= :from'), (values[':from'] = filter.from));
    if (filter.to !== undefined) (expression.push('#at <= :to'), (values[':to'] = filter.to));
  }
  return { expression, names, values };
}

/** An outbox key outlives any retry or re-run of what sent it by far. */
const OUTBOX_KEEP_SECONDS = 180 * 86_400;

function encodeNext(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeNext(next: string | undefined): Record<string, unknown> | undefined {
  if (next === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError('invalid page token: pass back the "next" value of the previous page unchanged');
}
