import { createHash } from 'node:crypto';
import type { ApprovalRequest } from '../../core/approvals/model.ts';
import type { AccountResult, DepartureSummary } from '../../core/handover/model.ts';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { WaitOwner } from '../../core/waits/ports.ts';
import type { Account, Exposure, Grant, Person, Policy } from '../../core/registry/model.ts';
import { chainOf } from '../../core/audit/chain.ts';
import type { AuditEvent, ChainHead } from '../../core/audit/model.ts';
import type { SealedLeaf } from '../../core/audit/ports.ts';
import type { Finding, Review } from '../../core/reviews/model.ts';
import { structuralProblems } from '../../core/reviews/single-points.ts';

/**
 * How each registry entity sits in the single table (declarations/table.ts), and which index serves which
 * access pattern. Sort keys under an index start with the status where lists are filtered by it, so a
 * filter is a key condition (begins_with), never a scan.
 *
 * | item                | pk                         | sk                     | indexes                                            |
 * | ------------------- | -------------------------- | ---------------------- | -------------------------------------------------- |
 * | person              | PERSON#id                  | PERSON                 | gsi3 PEOPLE#TEAM#team, gsi4 PEOPLE (status#id), gsi5 DUE#TRAINING (until its lapse is handled) |
 * | departed holder     | PERSON#id                  | DUE#DEPARTED_HOLDER    | gsi5 DUE#DEPARTED_HOLDER (while they own, back or control an account) |
 * | email claim         | EMAIL#address              | EMAIL                  | (uniqueness)                                       |
 * | account             | ACCOUNT#id                 | ACCOUNT                | gsi2 ACCOUNTS#PLATFORM#p, gsi3 ACCOUNTS#TEAM#t, gsi4 ACCOUNTS (status#id) |
 * | platform id claim   | PLATFORMID#platform#id     | PLATFORMID             | (uniqueness: a recycled handle is not our account) |
 * | review due marker   | ACCOUNT#id                 | DUE#<KIND>             | gsi5 DUE#<KIND>#tier (lastDoneAt#id): recertification, brand audit, credential age |
 * | single-point marker | ACCOUNT#id                 | DUE#SINGLE_POINT       | gsi5 DUE#SINGLE_POINT: the account's own record has one |
 * | finding             | ACCOUNT#id                 | FINDING#code[:person]  | gsi4 FINDINGS (status#acc#id)                      |
 * | owner / backup link | PERSON#id                  | OWNS#acc / BACKS#acc   |                                                    |
 * | control link        | PERSON#id                  | CONTROLS#acc           | (native admin, recovery, 2FA holder on the platform) |
 * | grant               | ACCOUNT#acc                | GRANT#id               | gsi1 PERSON#person (GRANT#acc#id), gsi5 DUE#GRANT_EXPIRY (expiresAt#acc:id) |
 * | holder claim        | ACCOUNT#acc                | HOLDER#person          | (one live grant per person and account)            |
 * | rotation lock       | ACCOUNT#acc                | ROTATION               | (one login rotation at a time; TTL)                |
 * | outbox entry        | OUTBOX#sha256(key)         | OUTBOX                 | (one email per event and recipient; TTL)           |
 * | exposure            | PERSON#person              | EXPOSURE#acc           | gsi1 EXPOSED#acc (person)                          |
 * | policy              | POLICY#id                  | POLICY                 | gsi4 POLICIES (id), gsi5 DUE#POLICY_REVIEW         |
 * | audit event         | AUDIT#type/id              | EVENT#seq (12 digits)  | gsi1 AUDIT#TIME (at#chain#seq), gsi2 AUDIT#CHAINS (chain#seq) |
 * | audit chain head    | AUDIT#type/id              | HEAD                   | gsi2 AUDIT#CHAINS (chain#HEAD: after its events)   |
 * | single-chain event  | AUDIT                      | EVENT#seq (12 digits)  | gsi1 AUDIT#type#id (seq): read and checked, no longer written |
 * | single-chain head   | AUDITHEAD                  | HEAD                   | (the chain every event joined before issue 15)     |
 * | sealed mark         | AUDIT#type/id              | SEALED#seq             | (the event's place in the sealed log)              |
 * | sealed log head     | AUDITLOG                   | HEAD                   | (size, compact range, checkpoint, marks)           |
 * | sealed log leaf     | AUDITLOG#<index ÷ 100,000> | LEAF#index             | (the event as the sealer sealed it)                |
 * | KPI snapshot        | KPIS                       | LATEST                 | (the figures as last computed)                     |
 * | KPI history         | KPIS                       | SNAPSHOT#asOf          | (each computation kept for trends; TTL)            |
 * | approval request    | APPROVAL#id                | APPROVAL               | gsi1 REQUESTER#person (createdAt#id), gsi2 APPROVALS (createdAt#id), gsi4 APPROVALS (status#createdAt#id) |
 * | awaiting approver   | APPROVAL#id                | AWAIT#person           | gsi1 AWAITING#person (id)                          |
 * | parked wait (token) | APPROVAL#id                | WAIT                   |                                                    |
 * | departure case      | DEPARTURE#id               | DEPARTURE              | gsi4 DEPARTURES (createdAt#id), gsi5 DUE#HANDOVER_WAITING (last reminded#id) while waiting on people |
 * | departure result    | DEPARTURE#id               | RESULT#acc             | gsi1 TASKS#assignee (case#acc) while a control task is open |
 * | custody task        | CUSTODY#id                 | CUSTODY                | gsi1 CUSTODIAN#person (id) until confirmed         |
 * | custody wait        | CUSTODY#id                 | WAIT                   |                                                    |
 * | review              | REVIEW#id                  | REVIEW                 | gsi1 REVIEWS#type#subject (openedAt#id), gsi2 REVIEWS#KIND#kind (dueAt#id), gsi3 REVIEWS#ASSIGNEE#person while open, gsi4 REVIEWS (status#dueAt#id), gsi5 DUE#REVIEW_FOLLOW_UP while open |
 * | review escalation   | REVIEW#id                  | ESCALATED#person       | gsi3 REVIEWS#ESCALATED#person (dueAt#id) while the review is open |
 */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'entity'] as const;

/** A person's item. */
export const personKey = (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' });
/** The claim that keeps an email address to one person. */
export const emailKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' });
/** An account's item. */
export const accountKey = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });
/** The claim that keeps a platform account to one registry entry. */
export const platformIdKey = (account: Pick<Account, 'platform' | 'platformAccountId'>) => ({ pk: `PLATFORMID#${account.platform}#${account.platformAccountId}`, sk: 'PLATFORMID' });
/** The link from an owner to an account they own. */
export const ownsKey = (personId: string, accountId: string) => ({ pk: `PERSON#${personId}`, sk: `OWNS#${accountId}` });
/** The link from a backup owner to the account they back up. */
export const backsKey = (personId: string, accountId: string) => ({ pk: `PERSON#${personId}`, sk: `BACKS#${accountId}` });
/** The link from a person to an account whose platform-side control they hold. */
export const controlsKey = (personId: string, accountId: string) => ({ pk: `PERSON#${personId}`, sk: `CONTROLS#${accountId}` });
/** The marker of a departed person still named on an account. */
export const departedHolderKey = (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'DUE#DEPARTED_HOLDER' });
/** A finding, in its account's partition. */
export const findingKey = (accountId: string, id: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `FINDING#${id}` });
/** A review's item. */
export const reviewKey = (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' });
/** A departure case's summary. */
export const departureKey = (id: string) => ({ pk: `DEPARTURE#${id}`, sk: 'DEPARTURE' });
/** One account's result in a departure case, beside the case. */
export const departureResultKey = (caseId: string, accountId: string) => ({ pk: `DEPARTURE#${caseId}`, sk: `RESULT#${accountId}` });
/** An outbox entry: the email key hashed, since keys carry people's ids and can be long. */
export const outboxKey = (key: string) => ({ pk: `OUTBOX#${createHash('sha256').update(key).digest('hex')}`, sk: 'OUTBOX' });
/** The lock that lets one rotation of an account's login run at a time. */
export const rotationLockKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ROTATION' });
/** A custody task's item. */
export const custodyKey = (id: string) => ({ pk: `CUSTODY#${id}`, sk: 'CUSTODY' });
/** A grant, in its account's partition. */
export const grantKey = (accountId: string, grantId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `GRANT#${grantId}` });
/** The claim that keeps one live grant per person and account. */
export const holderKey = (accountId: string, personId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `HOLDER#${personId}` });
/** A person's exposure to an account's login, in the person's partition. */
export const exposureKey = (personId: string, accountId: string) => ({ pk: `PERSON#${personId}`, sk: `EXPOSURE#${accountId}` });
/** A policy's item. */
export const policyKey = (id: string) => ({ pk: `POLICY#${id}`, sk: 'POLICY' });
/** A sequence number as keys hold it: 12 digits, so numbers sort in order. */
export const seq12 = (seq: number) => String(seq).padStart(12, '0');
/** An audit event in its subject's chain (`type/id`), by sequence number (12 digits, so the events sort in order). */
export const auditEventKey = (chain: string, seq: number) => ({ pk: `AUDIT#${chain}`, sk: `EVENT#${seq12(seq)}` });
/** A chain's head: its last sequence number and hash, which each commit about the subject advances under a condition. */
export const chainHeadKey = (chain: string) => ({ pk: `AUDIT#${chain}`, sk: 'HEAD' });
/** An event of the single chain written before chains were per subject. */
export const legacyAuditKey = (seq: number) => ({ pk: 'AUDIT', sk: `EVENT#${seq12(seq)}` });
/** The single chain's head. */
export const LEGACY_HEAD_KEY = { pk: 'AUDITHEAD', sk: 'HEAD' };
/** The sealed log's head: its size, compact range, last checkpoint and how far the copies and the feed have come. */
export const LOG_HEAD_KEY = { pk: 'AUDITLOG', sk: 'HEAD' };
/** Leaves per partition of the sealed log, so that no partition takes every leaf. */
export const LOG_LEAVES_PER_PARTITION = 100_000;
/** A leaf of the sealed log, by index. */
export const logLeafKey = (index: number) => ({ pk: `AUDITLOG#${Math.floor(index / LOG_LEAVES_PER_PARTITION)}`, sk: `LEAF#${seq12(index)}` });
/** A leaf as stored. */
export const logLeafItem = (leaf: SealedLeaf) => ({ ...leaf, ...logLeafKey(leaf.logIndex), entity: 'audit-leaf' });
/** The mark beside an event (`chain#seq`) that says it is sealed, in its chain's partition. */
export function sealedMarkKey(key: string) {
  const at = key.lastIndexOf('#');
  return { pk: `AUDIT#${key.slice(0, at)}`, sk: `SEALED#${seq12(Number(key.slice(at + 1)))}` };
}
/** A sealed mark as stored. */
export const sealedMarkItem = (key: string, logIndex: number) => ({ ...sealedMarkKey(key), entity: 'audit-sealed', key, logIndex });
/** The gsi1 partition of every event by time: the trail's search. */
export const AUDIT_TIME_INDEX = 'AUDIT#TIME';
/** The gsi2 partition of every chain's events and head, chain by chain: the trail's verification. */
export const AUDIT_CHAINS_INDEX = 'AUDIT#CHAINS';
/** The KPIs as last computed. */
export const KPIS_KEY = { pk: 'KPIS', sk: 'LATEST' };
/** One KPI computation, kept for the trends. */
export const kpiSnapshotKey = (asOf: string) => ({ pk: 'KPIS', sk: `SNAPSHOT#${asOf}` });
/** An approval request's item. */
export const approvalKey = (id: string) => ({ pk: `APPROVAL#${id}`, sk: 'APPROVAL' });
/** An approver the request's current stage awaits, beside the request. */
export const awaitingKey = (requestId: string, personId: string) => ({ pk: `APPROVAL#${requestId}`, sk: `AWAIT#${personId}` });
/** A parked workflow token lives with what it waits on: the approval request, or the custody task. */
export const waitKey = (owner: WaitOwner) => ({ pk: `${owner.kind === 'approval' ? 'APPROVAL' : 'CUSTODY'}#${owner.id}`, sk: 'WAIT' });

/**
 * A person as stored: listed by team and by status, and due for training while their training has an expiry not
 * yet handled.
 */
export const personItem = (p: Person) => ({
  ...p,
  ...personKey(p.id),
  entity: 'person',
  gsi3pk: `PEOPLE#TEAM#${p.team}`,
  gsi3sk: `${p.status}#${p.id}`,
  gsi4pk: 'PEOPLE',
  gsi4sk: `${p.status}#${p.id}`,
  ...(p.status === 'active' && p.trainingExpiresAt && p.trainingLapsedFor !== p.trainingExpiresAt ? { gsi5pk: 'DUE#TRAINING', gsi5sk: `${p.trainingExpiresAt}#${p.id}` } : {}),
});

/** An account as stored: listed by platform, team and status. */
export const accountItem = (a: Account) => ({
  ...a,
  ...accountKey(a.id),
  entity: 'account',
  gsi2pk: `ACCOUNTS#PLATFORM#${a.platform}`,
  gsi2sk: `${a.status}#${a.id}`,
  gsi3pk: `ACCOUNTS#TEAM#${a.team}`,
  gsi3sk: `${a.status}#${a.id}`,
  gsi4pk: 'ACCOUNTS',
  gsi4sk: `${a.status}#${a.id}`,
});

/** A grant as stored: listed under its holder, and due to expire while it is active with an expiry. */
export const grantItem = (g: Grant) => ({
  ...g,
  ...grantKey(g.accountId, g.id),
  entity: 'grant',
  gsi1pk: `PERSON#${g.personId}`,
  gsi1sk: `GRANT#${g.accountId}#${g.id}`,
  ...(g.status === 'active' && g.expiresAt ? { gsi5pk: 'DUE#GRANT_EXPIRY', gsi5sk: `${g.expiresAt}#${g.accountId}:${g.id}` } : {}),
});

/** An exposure as stored, also listed under the account. */
export const exposureItem = (e: Exposure) => ({ ...e, ...exposureKey(e.personId, e.accountId), entity: 'exposure', gsi1pk: `EXPOSED#${e.accountId}`, gsi1sk: e.personId });

/** A policy as stored: listed, and due for review on its date. */
export const policyItem = (p: Policy) => ({
  ...p,
  ...policyKey(p.id),
  entity: 'policy',
  gsi4pk: 'POLICIES',
  gsi4sk: p.id,
  gsi5pk: 'DUE#POLICY_REVIEW',
  gsi5sk: `${p.nextReviewAt}#${p.id}`,
});

/**
 * The due-index markers an account carries: for each cadence, keyed by its tier and by when that review was
 * last done (never: since the account was registered); for a structural single point of failure, a marker.
 * Retired, suspended and requested accounts carry none.
 */
export function accountMarkers(a: Account): Record<string, unknown>[] {
  if (a.status !== 'active') return [];
  const marker = (kind: string, since: string) => ({ pk: `ACCOUNT#${a.id}`, sk: `DUE#${kind}`, entity: 'due-marker', accountId: a.id, gsi5pk: `DUE#${kind}#${a.riskTier}`, gsi5sk: `${since}#${a.id}` });
  const markers = [marker('RECERTIFICATION', a.lastRecertifiedAt ?? a.createdAt), marker('BRAND_AUDIT', a.lastBrandAuditAt ?? a.createdAt)];
  if (a.credential) markers.push(marker('CREDENTIAL_AGE', a.credential.setAt));
  if (structuralProblems(a).length > 0) markers.push({ pk: `ACCOUNT#${a.id}`, sk: 'DUE#SINGLE_POINT', entity: 'due-marker', accountId: a.id, gsi5pk: 'DUE#SINGLE_POINT', gsi5sk: `0#${a.id}` });
  return markers;
}

/** A review as stored: by subject, kind, assignee (while open), status, and due for follow-up while open. */
export const reviewItem = (r: Review) => ({
  ...r,
  ...reviewKey(r.id),
  entity: 'review',
  gsi1pk: `REVIEWS#${r.subjectType}#${r.subjectId}`,
  gsi1sk: `${r.openedAt}#${r.id}`,
  gsi2pk: `REVIEWS#KIND#${r.kind}`,
  gsi2sk: `${r.dueAt}#${r.id}`,
  ...(r.status === 'open' ? { gsi3pk: `REVIEWS#ASSIGNEE#${r.assigneeId}`, gsi3sk: `${r.dueAt}#${r.id}` } : {}),
  gsi4pk: 'REVIEWS',
  gsi4sk: `${r.status}#${r.dueAt}#${r.id}`,
  ...(r.status === 'open' && r.followUpAt ? { gsi5pk: 'DUE#REVIEW_FOLLOW_UP', gsi5sk: `${r.followUpAt}#${r.id}` } : {}),
});

/** One item per person an open review escalated to: a list cannot be indexed, and "escalated to me" must be a Query. */
export const reviewEscalationKey = (reviewId: string, personId: string) => ({ pk: `REVIEW#${reviewId}`, sk: `ESCALATED#${personId}` });
/** The index item of one person a review is escalated to, while it is open. */
export const reviewEscalationItem = (r: Review, personId: string) => ({ ...reviewEscalationKey(r.id, personId), entity: 'review-escalation', reviewId: r.id, gsi3pk: `REVIEWS#ESCALATED#${personId}`, gsi3sk: `${r.dueAt}#${r.id}` });
/** The people an open review is escalated to (none once it is closed). */
export const escalatedWhileOpen = (r: Review) => (r.status === 'open' ? r.escalatedTo : []);

/** A finding as stored, listed by status. */
export const findingItem = (f: Finding) => ({ ...f, ...findingKey(f.accountId, f.id), entity: 'finding', gsi4pk: 'FINDINGS', gsi4sk: `${f.status}#${f.accountId}#${f.id}` });

/** An approval request as stored: by requester, newest first overall, and by status. */
export const approvalItem = (r: ApprovalRequest) => ({
  ...r,
  ...approvalKey(r.id),
  entity: 'approval',
  gsi1pk: `REQUESTER#${r.requesterId}`,
  gsi1sk: `${r.createdAt}#${r.id}`,
  gsi2pk: 'APPROVALS',
  gsi2sk: `${r.createdAt}#${r.id}`,
  gsi4pk: 'APPROVALS',
  gsi4sk: `${r.status}#${r.createdAt}#${r.id}`,
});

/** A departure case's summary as stored: listed newest first, and due for a reminder while it waits on people. */
export const departureItem = (d: DepartureSummary) => ({
  ...d,
  ...departureKey(d.id),
  entity: 'departure',
  gsi4pk: 'DEPARTURES',
  gsi4sk: `${d.createdAt}#${d.id}`,
  // Reported and still waiting on people: due for a reminder, keyed by when they were last reminded.
  ...(d.status === 'waiting' && d.reportedAt && !d.closedAt ? { gsi5pk: 'DUE#HANDOVER_WAITING', gsi5sk: `${d.remindedAt ?? d.reportedAt}#${d.id}` } : {}),
});

/** A case's result for one account; indexed under its assignee while a platform-control task is open. */
export function departureResultItem(caseId: string, r: AccountResult) {
  const open = r.controls?.find((task) => task.status === 'open');
  return { ...r, ...departureResultKey(caseId, r.accountId), entity: 'departure-result', caseId, ...(open ? { gsi1pk: `TASKS#${open.assignedTo}`, gsi1sk: `${caseId}#${r.accountId}` } : {}) };
}

/** A custody task; indexed under its custodian until confirmed, so a departing custodian's tasks are found. */
export const custodyTaskItem = (t: CustodyTask) => ({ ...t, ...custodyKey(t.id), entity: 'custody-task', ...(t.status !== 'confirmed' ? { gsi1pk: `CUSTODIAN#${t.custodianId}`, gsi1sk: t.id } : {}) });

/** The registry people who hold a platform-side control of the account. */
export function controlHolders(account: Account): string[] {
  const control = account.platformControl;
  const ids = [...control.nativeAdmins.map((a) => a.personId), control.recoveryEmail?.holderId, control.recoveryPhone?.holderId, control.twoFactor?.holderId];
  return [...new Set(ids.filter((id): id is string => id !== undefined))].sort();
}

/** The index item of one approver the request awaits, for their "awaiting my decision" list. */
export const awaitingItem = (requestId: string, personId: string) => ({ ...awaitingKey(requestId, personId), entity: 'awaiting', requestId, gsi1pk: `AWAITING#${personId}`, gsi1sk: requestId });

/** An audit event as stored: in its chain, by time (the search) and by chain (verification). */
export function auditItem(e: AuditEvent) {
  const chain = chainOf(e);
  return { ...e, ...auditEventKey(chain, e.seq), entity: 'audit', gsi1pk: AUDIT_TIME_INDEX, gsi1sk: `${e.at}#${chain}#${seq12(e.seq)}`, gsi2pk: AUDIT_CHAINS_INDEX, gsi2sk: `${chain}#${seq12(e.seq)}` };
}

/** A chain's head as stored: beside its events, and after them by chain. */
export const chainHeadItem = (chain: string, head: ChainHead) => ({ ...chainHeadKey(chain), entity: 'audit-head', chain, seq: head.seq, hash: head.hash, gsi2pk: AUDIT_CHAINS_INDEX, gsi2sk: `${chain}#HEAD` });

/** A single-chain event as it was stored: in sequence, and under its entity. */
export const legacyAuditItem = (e: AuditEvent) => ({ ...e, ...legacyAuditKey(e.seq), entity: 'audit', gsi1pk: `AUDIT#${e.entityType}#${e.entityId}`, gsi1sk: seq12(e.seq) });

/** Strips key and index attributes from a stored item, leaving the entity. */
export function entityOf<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
