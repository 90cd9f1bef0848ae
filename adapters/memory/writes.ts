import { awaitingApprovers } from '../../core/approvals/model.ts';
import type { Account } from '../../core/registry/model.ts';
import type { Review } from '../../core/reviews/model.ts';
import type { AnyWrite, DueKind } from '../../core/reviews/ports.ts';
import { structuralProblems } from '../../core/reviews/single-points.ts';
import { conflicts } from '../conflicts.ts';
import { keyOf, type Collection, type Rows, type Step } from './tables.ts';

/**
 * What each write of a change does to the memory store's rows, step for step as the DynamoDB store builds its
 * TransactWriteItems: the entity under its version condition, and the claims, links, markers and index rows
 * that follow it. What follows a set of people or relations is computed from `previous` as the writer passed it
 * (not from what is stored), as DynamoDB's store does: a writer that leaves `previous` out gets the same
 * leftovers there and here.
 */
export function stepsFor(write: AnyWrite, now: Date): Step[] {
  switch (write.type) {
    case 'person': {
      const { item, previous, expectedVersion } = write;
      const steps = [versioned('person', item.id, item, expectedVersion, 'person')];
      if (!previous || previous.email !== item.email) {
        steps.push(claim('email', item.email, { personId: item.id }, conflicts.email(item.email)));
        if (previous) steps.push(release('email', previous.email));
      }
      // The single-points sweep visits departed people until nothing is left in their name.
      if (item.status === 'departed' && previous?.status !== 'departed') steps.push(indexRow('departedHolder', item.id, { personId: item.id, since: item.updatedAt }));
      return steps;
    }
    case 'account': {
      const { item, previous, expectedVersion } = write;
      const steps = [versioned('account', item.id, item, expectedVersion, 'account')];
      if (!previous) steps.push(claim('platformId', keyOf(item.platform, item.platformAccountId), { accountId: item.id }, conflicts.platformId(item)));
      for (const relation of ['owns', 'backs', 'controls'] as const) {
        steps.push(...followers(previous ? related(previous, relation) : [], related(item, relation), 'link', (personId) => keyOf(personId, relation, item.id), (personId) => ({ personId, accountId: item.id, relation })));
      }
      // Due markers follow the account; only the ones that changed are written.
      const before = new Map((previous ? dueMarkersOf(previous) : []).map((m) => [m.slot, m]));
      const after = new Map(dueMarkersOf(item).map((m) => [m.slot, m]));
      for (const slot of before.keys()) if (!after.has(slot)) steps.push(release('dueMarker', keyOf(item.id, slot)));
      for (const [slot, marker] of after) {
        const was = before.get(slot);
        if (!was || was.kind !== marker.kind || was.dueAt !== marker.dueAt) steps.push(indexRow('dueMarker', keyOf(item.id, slot), { accountId: item.id, kind: marker.kind, dueAt: marker.dueAt }));
      }
      return steps;
    }
    case 'grant': {
      const { item, expectedVersion } = write;
      const steps = [versioned('grant', keyOf(item.accountId, item.id), item, expectedVersion, 'grant', item.id)];
      const holder = keyOf(item.accountId, item.personId);
      if (expectedVersion === null) {
        // One live grant per person and account, even under concurrent requests; an expired one may be replaced.
        const at = now.toISOString();
        steps.push({ collection: 'holder', key: holder, condition: (row) => row === undefined || row.expiresAt < at, conflict: conflicts.holder(item.personId, item.accountId), effect: { put: { grantId: item.id, expiresAt: item.expiresAt ?? '9999' } } });
      } else if (item.status === 'revoked') steps.push(release('holder', holder));
      return steps;
    }
    case 'policy':
      return [versioned('policy', write.item.id, write.item, write.expectedVersion, 'policy')];
    case 'exposure':
      return [indexRow('exposure', keyOf(write.item.personId, write.item.accountId), write.item)];
    case 'custody-task':
      return [versioned('custodyTask', write.item.id, write.item, write.expectedVersion, 'custody task')];
    case 'review': {
      const { item, previous, expectedVersion } = write;
      return [
        versioned('review', item.id, item, expectedVersion, 'review'),
        ...followers(previous ? escalatedWhileOpen(previous) : [], escalatedWhileOpen(item), 'escalation', (personId) => keyOf(item.id, personId), (personId) => ({ reviewId: item.id, personId, sortKey: `${item.dueAt}#${item.id}` })),
      ];
    }
    case 'review-comment': {
      // An append, conditioned on the review still taking comments, not on its version: concurrent comments all
      // land, and the version moves on for whole-review writers.
      const { reviewId, comment, maxComments } = write;
      return [
        {
          collection: 'review',
          key: reviewId,
          condition: (row) => row !== undefined && row.status === 'open' && row.dueAt > comment.at && (row.comments ?? []).length < maxComments,
          conflict: conflicts.reviewComment(reviewId, maxComments),
          effect: { update: (row) => ({ ...row, comments: [...(row.comments ?? []), comment], version: row.version + 1, updatedAt: comment.at }) },
        },
      ];
    }
    case 'finding': {
      const { item, expectedStatus } = write;
      return [{ collection: 'finding', key: keyOf(item.accountId, item.id), condition: (row) => (expectedStatus === null ? row === undefined : row?.status === expectedStatus), conflict: conflicts.finding(item.id, item.accountId), effect: { put: item } }];
    }
    case 'departure':
      return [versioned('departure', write.item.id, write.item, write.expectedVersion, 'departure')];
    case 'departure-result': {
      const { caseId, item, expectedRevision } = write;
      return [{ collection: 'departureResult', key: keyOf(caseId, item.accountId), condition: (row) => (expectedRevision === null ? row === undefined : row?.revision === expectedRevision), conflict: conflicts.departureResult(item.accountId, caseId), effect: { put: { ...item, caseId } } }];
    }
    case 'assignable':
      // Whoever is handed something must not be leaving by the time it lands.
      return [{ collection: 'person', key: write.personId, condition: (row) => row?.status === 'active' && row.leavingAt === undefined, conflict: conflicts.assignable(write.personId), effect: 'check' }];
    case 'approval': {
      const { item, previous, expectedVersion } = write;
      // The "awaiting my decision" rows follow the current stage's undecided approvers.
      return [
        versioned('approval', item.id, item, expectedVersion, 'approval'),
        ...followers(previous ? awaitingApprovers(previous) : [], awaitingApprovers(item), 'awaiting', (personId) => keyOf(item.id, personId), (personId) => ({ requestId: item.id, personId })),
      ];
    }
  }
}

type Versioned<C extends Collection> = Rows[C] & { version: number };

/** A versioned entity: `expectedVersion` null means it must not exist yet, a number that it must be that version. */
function versioned<C extends Collection>(collection: C, key: string, item: Versioned<C>, expectedVersion: number | null, type: string, id = key): Step {
  return {
    collection,
    key,
    condition: (row: Rows[C] | undefined) => (expectedVersion === null ? row === undefined : (row as Versioned<C> | undefined)?.version === expectedVersion),
    conflict: expectedVersion === null ? conflicts.exists(type, id) : conflicts.stale(type, id),
    effect: { put: item },
  } as Step;
}

const claim = <C extends Collection>(collection: C, key: string, row: Rows[C], conflict: string): Step => ({ collection, key, condition: (current: Rows[C] | undefined) => current === undefined, conflict, effect: { put: row } }) as Step;
const release = (collection: Collection, key: string): Step => ({ collection, key, conflict: conflicts.none, effect: 'delete' }) as Step;
const indexRow = <C extends Collection>(collection: C, key: string, row: Rows[C]): Step => ({ collection, key, conflict: conflicts.none, effect: { put: row } }) as Step;

/** The rows that follow a set of people: those who left it go, those who joined come. */
function followers<C extends Collection>(before: readonly string[], after: readonly string[], collection: C, keyOfPerson: (personId: string) => string, rowOf: (personId: string) => Rows[C]): Step[] {
  return [...before.filter((id) => !after.includes(id)).map((id) => release(collection, keyOfPerson(id))), ...after.filter((id) => !before.includes(id)).map((id) => indexRow(collection, keyOfPerson(id), rowOf(id)))];
}

const escalatedWhileOpen = (review: Review) => (review.status === 'open' ? review.escalatedTo : []);

/** The registry people an account names in a relation: its owner, its backup owner, or the holders of a platform-side control. */
function related(account: Account, relation: 'owns' | 'backs' | 'controls'): string[] {
  if (relation === 'owns') return [account.ownerId];
  if (relation === 'backs') return account.backupOwnerId ? [account.backupOwnerId] : [];
  const control = account.platformControl;
  const ids = [...control.nativeAdmins.map((a) => a.personId), control.recoveryEmail?.holderId, control.recoveryPhone?.holderId, control.twoFactor?.holderId];
  return [...new Set(ids.filter((id): id is string => id !== undefined))].sort();
}

/**
 * The due markers an active account carries, each in its slot: a tiered review's, keyed by its tier and by when
 * it was last done (never: since the account was registered); a structural single point of failure's.
 */
function dueMarkersOf(account: Account): { slot: string; kind: DueKind; dueAt: string }[] {
  if (account.status !== 'active') return [];
  const tiered = (slot: 'RECERTIFICATION' | 'BRAND_AUDIT' | 'CREDENTIAL_AGE', since: string) => ({ slot: slot as string, kind: `${slot}#${account.riskTier}` as DueKind, dueAt: since });
  const markers = [tiered('RECERTIFICATION', account.lastRecertifiedAt ?? account.createdAt), tiered('BRAND_AUDIT', account.lastBrandAuditAt ?? account.createdAt)];
  if (account.credential) markers.push(tiered('CREDENTIAL_AGE', account.credential.setAt));
  if (structuralProblems(account).length > 0) markers.push({ slot: 'SINGLE_POINT', kind: 'SINGLE_POINT', dueAt: '0' });
  return markers;
}
