import type { ApprovalRequest } from '../../core/approvals/model.ts';
import type { AuditEntry } from '../../core/audit/model.ts';
import type { DepartureSummary } from '../../core/handover/model.ts';
import type { Account, Grant, Person, Policy } from '../../core/registry/model.ts';
import type { Finding, Review } from '../../core/reviews/model.ts';

/**
 * Whole entities as the stores keep them, for tests that write to a store directly (the store contract):
 * valid defaults, and the fields a test cares about given. Rule tests build their registry through the rules
 * instead (tests/support/memory-world.ts).
 */
const AT = '2026-06-01T09:00:00.000Z';
const stamps = { version: 1, createdAt: AT, updatedAt: AT };

/** An active person of team-a, with an email of their own. */
export const aPerson = (id: string, extra: Partial<Person> = {}): Person => ({ id, email: `${id}@example.com`, name: `Person ${id}`, team: 'team-a', status: 'active', ...stamps, ...extra });

/** An active, low-risk X account of team-a, with a platform id of its own and no platform controls. */
export const anAccount = (id: string, ownerId: string, extra: Partial<Account> = {}): Account => ({
  id,
  platform: 'x',
  handle: `@${id}`,
  platformAccountId: `pid-${id}`,
  displayName: `Account ${id}`,
  url: `https://x.com/${id}`,
  scope: 'external',
  purpose: 'Announcements',
  team: 'team-a',
  ownerId,
  riskTier: 'low',
  status: 'active',
  policies: [],
  platformControl: { nativeAdmins: [] },
  ...stamps,
  ...extra,
});

/** A live publisher grant without the login. */
export const aGrant = (id: string, accountId: string, personId: string, extra: Partial<Grant> = {}): Grant => ({ id, accountId, personId, role: 'publisher', credentialAccess: false, grantedBy: 'admin', reason: 'launch', status: 'active', ...stamps, ...extra });

/** A yearly policy covering nothing, due for review on 1 December 2026. */
export const aPolicy = (id: string, ownerId: string, extra: Partial<Policy> = {}): Policy => ({
  id,
  title: `Policy ${id}`,
  kind: 'policy',
  documentVersion: '1',
  documentUrl: 'https://intranet.example.com/policy',
  covers: { all: false, platforms: [], teams: [], accountIds: [] },
  reviewCadence: 'annual',
  ownerId,
  reviewerIds: [],
  nextReviewAt: '2026-12-01',
  ...stamps,
  ...extra,
});

/** A pending access request whose one stage waits for `approvers`. */
export const anApproval = (id: string, requesterId: string, approvers: string[], extra: Partial<ApprovalRequest> = {}): ApprovalRequest =>
  ({
    id,
    kind: 'access-request',
    accountId: 'acc-1',
    subject: { accountId: 'acc-1', role: 'publisher', credentialAccess: false, durationDays: 30 },
    status: 'pending',
    requesterId,
    reason: 'launch',
    riskTier: 'low',
    currentStage: 0,
    stages: [{ index: 0, name: 'Account owner', mode: 'any', approvers, deadlineHours: 72, reminderBeforeHours: 24, fallbackApprovers: [], status: 'pending', round: 0, decisions: [] }],
    ...stamps,
    ...extra,
  }) as ApprovalRequest;

/** An open policy review, due on 15 June 2026. */
export const aReview = (id: string, assigneeId: string, extra: Partial<Review> = {}): Review => ({
  id,
  kind: 'policy',
  subjectType: 'policy',
  subjectId: 'pol-1',
  cycle: '2026-06-01',
  assigneeId,
  reviewerIds: [],
  status: 'open',
  openedAt: AT,
  dueAt: '2026-06-15T09:00:00.000Z',
  escalatedTo: [],
  ...stamps,
  ...extra,
});

/** A running departure case, requested by HR. */
export const aDeparture = (id: string, personId: string, extra: Partial<DepartureSummary> = {}): DepartureSummary => ({ id, personId, requestedBy: 'hr', effectiveAt: AT, status: 'running', ...stamps, ...extra });

/** An open finding: no backup owner. */
export const aFinding = (accountId: string, id: string, extra: Partial<Finding> = {}): Finding => ({ accountId, id, code: 'no-backup-owner', detail: 'nobody backs it up', status: 'open', openedAt: AT, ...extra });

/** An audit entry for a write a test makes itself. */
export const testAudit = (entityType: string, entityId: string, action = 'test.written', actor = 'tester'): AuditEntry => ({ actor, actorRoles: [], action, entityType, entityId });
