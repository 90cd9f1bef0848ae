import { chainOf, verifyChain } from '../../core/audit/chain.ts';
import type { AuditEvent, ChainHead } from '../../core/audit/model.ts';
import type { ApprovalRequest } from '../../core/approvals/model.ts';
import type { CustodyTask } from '../../core/rotation/model.ts';
import type { DepartureCase } from '../../core/handover/model.ts';
import { isLive } from '../../core/registry/grants.ts';
import type { Account, Exposure, Grant, Person } from '../../core/registry/model.ts';
import { isOnStaff } from '../../core/registry/standing.ts';
import type { Review } from '../../core/reviews/model.ts';

/**
 * Steward's two promises, as checks over everything the registry holds:
 *   1. once someone leaves, nothing is theirs any more;
 *   2. every login they knew changes, and nobody is locked out;
 * and the audit promise that makes both provable: every state has exactly one audit event, and every chain
 * verifies. The model-based tests run random operations against the local cloud and, after each settled
 * departure, check these over a full read of the registry. A platform's acceptance of the new password and
 * refusal of the old one is checked beside them, on the simulated platform.
 */
export interface RegistrySnapshot {
  people: Person[];
  accounts: Account[];
  grants: Grant[];
  exposures: Exposure[];
  departures: DepartureCase[];
  approvals: ApprovalRequest[];
  reviews: Review[];
  custodyTasks: CustodyTask[];
  audit: AuditEvent[];
  /** Each chain's head, by chain name. */
  chainHeads: Record<string, ChainHead>;
}

export interface Violation {
  invariant: string;
  detail: string;
}

/** The people whose departure has run its course: marked departed, and their handover reported. */
export function settledLeavers(snapshot: RegistrySnapshot): Set<string> {
  const reported = new Set(snapshot.departures.filter((c) => c.reportedAt !== undefined).map((c) => c.personId));
  return new Set(snapshot.people.filter((p) => p.status === 'departed' && reported.has(p.id)).map((p) => p.id));
}

/** Promise 1: no live grant, ownership, task, stage, review or custody belongs to a settled leaver. */
export function nothingIsTheirs(snapshot: RegistrySnapshot, now: Date): Violation[] {
  const leavers = settledLeavers(snapshot);
  const violations: Violation[] = [];
  const add = (invariant: string, detail: string) => violations.push({ invariant, detail });
  for (const grant of snapshot.grants) if (leavers.has(grant.personId) && isLive(grant, now)) add('no-live-grant', `grant ${grant.id} on ${grant.accountId} is live for ${grant.personId}`);
  for (const account of snapshot.accounts) {
    if (account.status === 'retired') continue;
    if (leavers.has(account.ownerId)) add('no-ownership', `${account.id} is owned by ${account.ownerId}`);
    if (account.backupOwnerId && leavers.has(account.backupOwnerId)) add('no-ownership', `${account.id} is backed up by ${account.backupOwnerId}`);
  }
  for (const c of snapshot.departures) {
    for (const result of Object.values(c.accounts)) {
      for (const task of result.controls ?? []) if (task.status === 'open' && leavers.has(task.assignedTo)) add('no-open-task', `${task.kind} of ${result.accountId} in ${c.id} is assigned to ${task.assignedTo}`);
    }
  }
  for (const request of snapshot.approvals) {
    const stage = request.stages[request.currentStage];
    if (request.status !== 'pending' || stage?.status !== 'pending') continue;
    for (const id of stage.approvers) if (leavers.has(id) && !stage.decisions.some((d) => d.approverId === id)) add('no-stage', `stage ${stage.index} of ${request.id} waits for ${id}`);
  }
  for (const review of snapshot.reviews) {
    if (review.status !== 'open') continue;
    for (const id of [review.assigneeId, ...review.escalatedTo]) if (leavers.has(id)) add('no-review', `review ${review.id} is assigned to ${id}`);
  }
  for (const task of snapshot.custodyTasks) if (task.status !== 'confirmed' && leavers.has(task.custodianId)) add('no-custody', `custody task ${task.id} of ${task.accountId} is held by ${task.custodianId}`);
  const people = new Map(snapshot.people.map((p) => [p.id, p]));
  for (const account of snapshot.accounts) if (account.status === 'active' && !isOnStaff(people.get(account.ownerId), now)) add('active-owner', `${account.id} has no owner on staff (${account.ownerId})`);
  return violations;
}

/**
 * Promise 2, as the registry sees it: every login a settled leaver was exposed to (revealed, set, held in
 * custody, or could reveal through a grant) is now a version they never saw, set after they lost access.
 */
export function everyLoginTheyKnewChanged(snapshot: RegistrySnapshot): Violation[] {
  const leavers = settledLeavers(snapshot);
  const accounts = new Map(snapshot.accounts.map((a) => [a.id, a]));
  const cases = new Map(snapshot.departures.map((c) => [c.personId, c]));
  const knew = new Map<string, { accountId: string; versionId?: string }[]>();
  for (const e of snapshot.exposures) knew.set(e.personId, [...(knew.get(e.personId) ?? []), { accountId: e.accountId, versionId: e.lastVersionId }]);
  for (const g of snapshot.grants) if (g.credentialAccess && (g.status === 'active' || g.revokedReason?.startsWith('departure'))) knew.set(g.personId, [...(knew.get(g.personId) ?? []), { accountId: g.accountId }]);
  const violations: Violation[] = [];
  for (const leaver of leavers) {
    const revokedAt = cases.get(leaver)?.revokedAt;
    for (const { accountId, versionId } of knew.get(leaver) ?? []) {
      const credential = accounts.get(accountId)?.credential;
      if (!credential || accounts.get(accountId)?.status === 'retired') continue;
      if (versionId !== undefined && credential.versionId === versionId) violations.push({ invariant: 'login-changed', detail: `${leaver} knew ${accountId}'s current login (${versionId})` });
      else if (!revokedAt || credential.setAt < revokedAt) violations.push({ invariant: 'login-changed', detail: `${accountId}'s login was set at ${credential.setAt}, before ${leaver} lost access (${revokedAt ?? 'never'})` });
    }
  }
  return violations;
}

/** Every item a change writes is named by exactly one audit event, and every chain verifies to its head. */
export function everyChangeAuditedOnce(snapshot: RegistrySnapshot): Violation[] {
  const violations: Violation[] = [];
  const seen = new Map<string, number>();
  for (const event of snapshot.audit) for (const change of event.changes ?? []) seen.set(change, (seen.get(change) ?? 0) + 1);
  const versioned: [string, { id: string; version: number }[]][] = [
    ['person', snapshot.people],
    ['account', snapshot.accounts],
    ['grant', snapshot.grants],
    ['approval', snapshot.approvals],
    ['departure', snapshot.departures],
    ['custody-task', snapshot.custodyTasks],
  ];
  for (const [type, items] of versioned) {
    for (const item of items) {
      for (let version = 1; version <= item.version; version++) {
        const count = seen.get(`${type}/${item.id}@${version}`) ?? 0;
        if (count !== 1) violations.push({ invariant: 'audited-once', detail: `${type} ${item.id} version ${version} has ${count} audit events` });
      }
    }
  }
  // A comment is appended without knowing the review's version (so concurrent comments never clash): a
  // review's versions are its whole-review writes and its comments, each with one event.
  for (const review of snapshot.reviews) {
    const events = [...seen].filter(([change]) => change.startsWith(`review/${review.id}@`) || change.startsWith(`review-comment/${review.id}:`)).reduce((sum, [, count]) => sum + count, 0);
    if (events !== review.version) violations.push({ invariant: 'audited-once', detail: `review ${review.id} has ${review.version} versions and ${events} audit events` });
  }
  for (const [change, count] of seen) if (count > 1 && /@\d+$/.test(change)) violations.push({ invariant: 'audited-once', detail: `${change} is named by ${count} audit events` });
  const chains = new Map<string, AuditEvent[]>();
  for (const event of snapshot.audit) {
    const name = chainOf(event);
    chains.set(name, chains.get(name) ?? []).get(name)!.push(event);
  }
  for (const name of new Set([...chains.keys(), ...Object.keys(snapshot.chainHeads)])) {
    const head = snapshot.chainHeads[name];
    if (!head) violations.push({ invariant: 'audit-chain', detail: `${name} has events and no head` });
    const verdict = verifyChain([...(chains.get(name) ?? [])].sort((a, b) => a.seq - b.seq), head);
    if (!verdict.ok) violations.push({ invariant: 'audit-chain', detail: `${name}: ${verdict.detail}` });
  }
  return violations;
}

/** All of the above. */
export const checkInvariants = (snapshot: RegistrySnapshot, now: Date): Violation[] => [...nothingIsTheirs(snapshot, now), ...everyLoginTheyKnewChanged(snapshot), ...everyChangeAuditedOnce(snapshot)];
