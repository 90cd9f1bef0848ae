import type { ReviewWrite } from './ports.ts';
import { createHash } from 'node:crypto';
import { composeEmail } from '../messaging/index.ts';
import { STEWARD, type Principal } from '../auth.ts';
import { ConflictError, RuleViolationError } from '../errors.ts';
import { auditEntry, isLive, stamp } from '../registry/index.ts';
import { revokedGrant, riskTiers, type Account, type Grant, type Person, type Policy } from '../registry/model.ts';
import type { PageRequest } from '../paging.ts';
import { nextOccurrence } from '../schedule-expression.ts';
import { remindOpenTasks } from '../handover/index.ts';
import { daysAfter, daysBefore, type ReviewCadences } from './cadences.ts';
import { type Finding, type Review, type SweepKind } from './model.ts';
import { type RiskTier } from '../registry/model.ts';
import type { DueKind, ReviewContext } from './ports.ts';
import { accountLabel, accountResponsible, activePerson, completeReview, followUp, groupMembers, openReview, spreadOver } from './reviews.ts';
import { lockRotation } from '../rotation/index.ts';
import { singlePointsOf } from './single-points.ts';

/**
 * The sweeps of a review run. Each reads only what is due from the sparse due index, a page at a time (the
 * workflow carries the page token, so an interrupted run resumes where it was), and acts on each item
 * idempotently: a second run, or a second delivery of the same schedule, changes nothing more.
 */
export interface Sweep {
  kind: SweepKind;
  /** Per-tier sweeps (each tier has its own cadence). */
  tier?: RiskTier;
  /** Where the single-points sweep looks: accounts flagged by their own record, departed holders, open findings. */
  source?: 'accounts' | 'departed' | 'findings';
}

/** What a sweep acted on one item with, counted per batch in the run's log. */
export type ItemOutcome = 'opened' | 'completed' | 'reminded' | 'escalated' | 'announced' | 'ended' | 'found' | 'resolved' | 'restarted' | 'none';

/** A page of the refs a sweep looks at, and where the next page starts. */
export interface DuePage {
  refs: string[];
  next?: string;
}

/**
 * One kind of sweep: which sweeps a run of it is made of, how its due items are found, and what is done with
 * each. Adding a kind is one entry in `SWEEP_KINDS` (and its name in `sweepKinds`).
 */
interface SweepKindRule {
  /** The sweeps of the kind, each with its own due items (per tier, per source); absent: one sweep. */
  parts?: readonly Omit<Sweep, 'kind'>[];
  /** One page of what the sweep must look at now. */
  find(ctx: ReviewContext, sweep: Sweep, page: PageRequest, now: Date): Promise<DuePage>;
  /** Acts on one due item, idempotently. */
  act(ctx: ReviewContext, sweep: Sweep, ref: string, runId: string): Promise<ItemOutcome>;
}

async function due(ctx: ReviewContext, kind: DueKind, until: string, page: PageRequest): Promise<DuePage> {
  const result = await ctx.store.dueBy(kind, until, page);
  return { refs: result.items.map((item) => item.id), next: result.next };
}

/** A kind swept per risk tier: the tier's accounts last done longer ago than the tier's cadence. */
const perTier = (
  index: 'RECERTIFICATION' | 'BRAND_AUDIT' | 'CREDENTIAL_AGE',
  cadence: (cadences: ReviewCadences) => Record<RiskTier, number>,
  act: (ctx: ReviewContext, accountId: string, tier: RiskTier, runId: string) => Promise<ItemOutcome>,
): SweepKindRule => ({
  parts: riskTiers.map((tier) => ({ tier })),
  find: (ctx, sweep, page, now) => due(ctx, `${index}#${sweep.tier!}`, daysBefore(now, cadence(ctx.cadences)[sweep.tier!]), page),
  act: (ctx, sweep, ref, runId) => act(ctx, ref, sweep.tier!, runId),
});

const SWEEP_KINDS: Record<SweepKind, SweepKindRule> = {
  policy: {
    find: (ctx, _sweep, page, now) => due(ctx, 'POLICY_REVIEW', stamp(now).slice(0, 10), page),
    act: (ctx, _sweep, ref, runId) => openPolicyReview(ctx, ref, runId),
  },
  recertification: perTier('RECERTIFICATION', (c) => c.recertificationDays, openRecertification),
  'brand-audit': perTier('BRAND_AUDIT', (c) => c.brandAuditDays, openBrandAudit),
  'credential-age': perTier('CREDENTIAL_AGE', (c) => c.credentialMaxAgeDays, rotateOldLogin),
  'grant-expiry': {
    find: (ctx, _sweep, page, now) => due(ctx, 'GRANT_EXPIRY', daysAfter(now, ctx.cadences.expiryNoticeDays), page),
    act: (ctx, _sweep, ref) => {
      const [accountId, grantId] = ref.split(':') as [string, string];
      return grantExpiry(ctx, accountId, grantId);
    },
  },
  'training-expiry': {
    find: (ctx, _sweep, page, now) => due(ctx, 'TRAINING', daysAfter(now, ctx.cadences.expiryNoticeDays).slice(0, 10), page),
    act: (ctx, _sweep, ref) => trainingExpiry(ctx, ref),
  },
  'follow-up': {
    find: (ctx, _sweep, page, now) => due(ctx, 'REVIEW_FOLLOW_UP', stamp(now), page),
    act: async (ctx, _sweep, ref) => {
      const review = await ctx.store.getReview(ref);
      return review ? followUp(ctx, review, (r) => rotationDone(ctx, r)) : 'none';
    },
  },
  'handover-tasks': {
    find: (ctx, _sweep, page, now) => due(ctx, 'HANDOVER_WAITING', daysBefore(now, ctx.cadences.handoverReminderDays), page),
    act: (ctx, _sweep, ref) => remindOpenTasks(ctx, ref),
  },
  'stalled-approvals': {
    find: async (ctx, _sweep, page) => {
      const pending = await ctx.store.listApprovals({ status: 'pending' }, page);
      return { refs: pending.items.map((r) => r.id), next: pending.next };
    },
    act: (ctx, _sweep, ref) => restartStalledApproval(ctx, ref),
  },
  'single-points': {
    parts: [{ source: 'accounts' }, { source: 'departed' }, { source: 'findings' }],
    find: async (ctx, sweep, page) => {
      if (sweep.source === 'accounts') return due(ctx, 'SINGLE_POINT', '1', page);
      if (sweep.source === 'departed') return due(ctx, 'DEPARTED_HOLDER', '9999', page);
      const findings = await ctx.store.listFindings('open', page);
      return { refs: [...new Set(findings.items.map((f) => f.accountId))], next: findings.next };
    },
    act: (ctx, sweep, ref) => (sweep.source === 'departed' ? departedHolder(ctx, ref) : checkSinglePoints(ctx, ref)),
  },
};

/** The sweeps a run of these kinds is made of. */
export function planSweeps(kinds: readonly SweepKind[]): Sweep[] {
  return kinds.flatMap((kind) => (SWEEP_KINDS[kind].parts ?? [{}]).map((part): Sweep => ({ kind, ...part })));
}

/** One page of what a sweep must look at now. */
export async function sweepPage(ctx: ReviewContext, sweep: Sweep, page: PageRequest): Promise<DuePage> {
  return SWEEP_KINDS[sweep.kind].find(ctx, sweep, page, ctx.now());
}

/** Acts on one due item of a sweep. */
export async function sweepItem(ctx: ReviewContext, sweep: Sweep, ref: string, runId: string): Promise<ItemOutcome> {
  return SWEEP_KINDS[sweep.kind].act(ctx, sweep, ref, runId);
}

/** How long a new request may wait for its workflow's first step before a sweep starts the workflow again. */
const STALLED_APPROVAL_MS = 10 * 60_000;

/**
 * A request written whose workflow never started (a crash between the two): its first stage never began. The
 * execution is named after the request, so starting it again is harmless if it did start after all.
 */
async function restartStalledApproval(ctx: ReviewContext, requestId: string): Promise<ItemOutcome> {
  const request = await ctx.store.getApproval(requestId);
  if (!request || request.status !== 'pending' || request.stages[0]?.startedAt || Date.parse(request.createdAt) > ctx.now().getTime() - STALLED_APPROVAL_MS) return 'none';
  await ctx.workflow.start(request.id);
  return 'restarted';
}

/** The next review date of a policy after `from`: its named cadence, or the next time its cron matches. */
export function nextPolicyReview(policy: Pick<Policy, 'reviewCadence'>, from: Date): string {
  const months = { quarterly: 3, 'half-yearly': 6, annual: 12 } as Record<string, number>;
  const step = months[policy.reviewCadence];
  if (step !== undefined) {
    const next = new Date(from);
    next.setUTCMonth(next.getUTCMonth() + step);
    return next.toISOString().slice(0, 10);
  }
  try {
    return nextOccurrence(policy.reviewCadence, from).toISOString().slice(0, 10);
  } catch (error) {
    // Cadences are checked when written; one stored before that check can still be changed on the policy.
    throw new RuleViolationError(`the policy's review cadence cannot be used (${(error as Error).message}): change it on the policy`, { cause: error });
  }
}

async function openPolicyReview(ctx: ReviewContext, policyId: string, runId: string): Promise<ItemOutcome> {
  const policy = await ctx.store.getPolicy(policyId);
  if (!policy || policy.nextReviewAt > stamp(ctx.now()).slice(0, 10)) return 'none';
  const owner = (await activePerson(ctx, policy.ownerId))?.id ?? spreadOver(await groupMembers(ctx, ctx.cadences.escalateTo), policy.id);
  if (!owner) return 'none';
  const reviewers = [];
  for (const id of policy.reviewerIds ?? []) if (id !== owner && (await activePerson(ctx, id))) reviewers.push(id);
  const { opened } = await openReview(ctx, { kind: 'policy', subjectType: 'policy', subjectId: policy.id, cycle: policy.nextReviewAt, assigneeId: owner, reviewerIds: reviewers, notify: true, runId });
  return opened ? 'opened' : 'none';
}

/** The account behind a per-tier marker, if it is still due under that tier's cadence (the marker may be stale). */
async function dueAccount(ctx: ReviewContext, accountId: string, tier: RiskTier, since: (a: Account) => string | undefined, cadenceDays: number): Promise<Account | undefined> {
  const account = await ctx.store.getAccount(accountId);
  if (!account || account.status !== 'active' || account.riskTier !== tier) return undefined;
  const last = since(account);
  return last !== undefined && last <= daysBefore(ctx.now(), cadenceDays) ? account : undefined;
}

async function openRecertification(ctx: ReviewContext, accountId: string, tier: RiskTier, runId: string): Promise<ItemOutcome> {
  const account = await dueAccount(ctx, accountId, tier, (a) => a.lastRecertifiedAt ?? a.createdAt, ctx.cadences.recertificationDays[tier]);
  if (!account) return 'none';
  const now = ctx.now();
  const grants = (await ctx.store.grantsOfAccount(account.id))
    .filter((g) => isLive(g, now))
    .map((g) => ({ grantId: g.id, personId: g.personId, role: g.role, credentialAccess: g.credentialAccess, ...(g.expiresAt ? { expiresAt: g.expiresAt } : {}) }));
  const { opened } = await openReview(ctx, { kind: 'recertification', subjectType: 'account', subjectId: account.id, cycle: account.lastRecertifiedAt ?? account.createdAt, assigneeId: await accountResponsible(ctx, account), grants, notify: true, runId });
  return opened ? 'opened' : 'none';
}

async function openBrandAudit(ctx: ReviewContext, accountId: string, tier: RiskTier, runId: string): Promise<ItemOutcome> {
  const account = await dueAccount(ctx, accountId, tier, (a) => a.lastBrandAuditAt ?? a.createdAt, ctx.cadences.brandAuditDays[tier]);
  if (!account) return 'none';
  const auditors = ctx.cadences.brandAuditors ? await groupMembers(ctx, ctx.cadences.brandAuditors) : [];
  const assignee = spreadOver(auditors, account.id) ?? (await accountResponsible(ctx, account));
  const { opened } = await openReview(ctx, { kind: 'brand-audit', subjectType: 'account', subjectId: account.id, cycle: account.lastBrandAuditAt ?? account.createdAt, assigneeId: assignee, notify: true, runId });
  return opened ? 'opened' : 'none';
}

/** How long a review's rotation may hold the account's rotation lock: long enough for a custodian to act. */
const lockSeconds = (ctx: ReviewContext) => Math.ceil((ctx.cadences.answerWithinDays + 1) * 86_400);

/**
 * Rotates an account's login through Secrets Manager (the same rotation function and four steps a handover
 * uses), holding the account's rotation lock so it never races a handover's rotation of the same login.
 */
async function rotateLogin(ctx: ReviewContext, account: Account, token: string): Promise<'started' | 'busy' | 'not-finished' | 'no-login'> {
  if (!account.credential) return 'no-login';
  if ((await lockRotation(ctx.store, { accountId: account.id, token, ttlSeconds: lockSeconds(ctx) })) === 'busy') return 'busy';
  return ctx.rotations.start(account.credential.secretArn, token);
}

const tokenOf = (...parts: string[]) => createHash('sha256').update(parts.join('/')).digest('hex');

const rotatedSince = (account: Account | undefined, review: Review) => account?.credential !== undefined && account.credential.setAt > review.openedAt;

/**
 * Completes the review once its login has a version set after it opened (by this rotation or any other);
 * until then rotates, or resumes rotating, with the review's token.
 */
async function rotateAndComplete(ctx: ReviewContext, review: Review, account: Account): Promise<boolean> {
  let current: Account | undefined = account;
  if (!rotatedSince(current, review)) {
    await rotateLogin(ctx, account, review.rotationToken!);
    current = await ctx.store.getAccount(account.id);
    if (!rotatedSince(current, review)) return false;
  }
  await completeReview(ctx, STEWARD, review, `rotated at ${current!.credential!.setAt}`);
  return true;
}

/** A credential-age review is done once the login has a version set after the review opened (or the account is gone). */
async function rotationDone(ctx: ReviewContext, review: Review): Promise<boolean> {
  if (review.kind !== 'credential-age') return false;
  const account = await ctx.store.getAccount(review.subjectId);
  if (!account || account.status !== 'active') {
    await completeReview(ctx, STEWARD, review, 'the account is no longer active');
    return true;
  }
  // Still not rotated: try again with the same token (a rotation waiting on a custodian resumes; a busy lock may have freed).
  return rotateAndComplete(ctx, review, account);
}

async function rotateOldLogin(ctx: ReviewContext, accountId: string, tier: RiskTier, runId: string): Promise<ItemOutcome> {
  const account = await dueAccount(ctx, accountId, tier, (a) => a.credential?.setAt, ctx.cadences.credentialMaxAgeDays[tier]);
  if (!account?.credential) return 'none';
  const token = tokenOf('credential-age', account.id, account.credential.versionId);
  const { review, opened } = await openReview(ctx, { kind: 'credential-age', subjectType: 'account', subjectId: account.id, cycle: account.credential.setAt, assigneeId: await accountResponsible(ctx, account), rotationToken: token, notify: false, runId });
  if (review.status !== 'open') return 'none';
  if (await rotateAndComplete(ctx, review, account)) return 'completed';
  return opened ? 'opened' : 'none';
}

/** Whether the person knew the account's login: a grant with the right to reveal it, or a reveal on record. */
async function knewLogin(ctx: ReviewContext, grant: Grant): Promise<boolean> {
  if (grant.credentialAccess) return true;
  return (await ctx.store.exposuresOf(grant.personId)).some((e) => e.accountId === grant.accountId);
}

/**
 * Ends a grant (expiry, or a recertification's "revoke"), audited, and rotates the account's login when the
 * holder knew it.
 */
export async function endGrant(ctx: ReviewContext, principal: Principal, grant: Grant, action: string, reason: string): Promise<'ended' | 'none'> {
  if (grant.status !== 'active') return 'none';
  const at = stamp(ctx.now());
  const next = revokedGrant(grant, { by: principal.personId, reason, at });
  try {
    await ctx.store.commit({ writes: [{ type: 'grant', item: next, expectedVersion: grant.version }], audit: auditEntry(principal, action, 'grant', grant.id, grant, next, reason) });
  } catch (error) {
    if (error instanceof ConflictError) return 'none';
    throw error;
  }
  if (await knewLogin(ctx, grant)) {
    const account = await ctx.store.getAccount(grant.accountId);
    if (account) await rotateLogin(ctx, account, tokenOf('grant-ended', grant.id));
  }
  return 'ended';
}

async function tell(ctx: ReviewContext, personId: string | undefined, subject: string, lines: string[], facts: [string, string][]) {
  const person = await activePerson(ctx, personId);
  if (person) await ctx.mailer.send(composeEmail(person.email, subject, lines, facts));
}

async function grantExpiry(ctx: ReviewContext, accountId: string, grantId: string): Promise<ItemOutcome> {
  const grant = await ctx.store.getGrant(accountId, grantId);
  const account = await ctx.store.getAccount(accountId);
  if (!grant || !account || grant.status !== 'active' || !grant.expiresAt) return 'none';
  const facts: [string, string][] = [['Account', accountLabel(account)], ['Role', grant.role], ['Expires', grant.expiresAt]];
  if (grant.expiresAt <= stamp(ctx.now())) {
    const outcome = await endGrant(ctx, STEWARD, grant, 'grant.expired', 'the grant reached its expiry');
    if (outcome === 'ended') await tell(ctx, grant.personId, `Your access to ${account.displayName} has ended`, ['Your access reached its expiry date and has ended. If you still need it, request it again (govern access request).'], facts);
    return outcome;
  }
  if (grant.expiryNoticeAt) return 'none';
  await tell(ctx, grant.personId, `Your access to ${account.displayName} expires on ${grant.expiresAt.slice(0, 10)}`, ['Your access to this account expires soon. If you still need it, request it again before then (govern access request); otherwise nothing needs doing.'], facts);
  try {
    const next: Grant = { ...grant, expiryNoticeAt: stamp(ctx.now()), version: grant.version + 1, updatedAt: stamp(ctx.now()) };
    await ctx.store.commit({ writes: [{ type: 'grant', item: next, expectedVersion: grant.version }], audit: auditEntry(STEWARD, 'grant.expiry-announced', 'grant', grant.id, undefined, { expiresAt: grant.expiresAt }) });
  } catch (error) {
    if (error instanceof ConflictError) return 'none';
    throw error;
  }
  return 'announced';
}

async function savePerson(ctx: ReviewContext, person: Person, changes: Partial<Person>, action: string, extra: ReviewWrite[] = []) {
  const next: Person = { ...person, ...changes, version: person.version + 1, updatedAt: stamp(ctx.now()) };
  await ctx.store.commit({ writes: [...extra, { type: 'person', item: next, expectedVersion: person.version, previous: person }], audit: auditEntry(STEWARD, action, 'person', person.id, undefined, changes) });
}

/**
 * Training expiry: the person is told ahead of time; once it has lapsed (training counts through its expiry
 * day), every credential right of their grants ends: no access to a shared login without current training.
 */
async function trainingExpiry(ctx: ReviewContext, personId: string): Promise<ItemOutcome> {
  const person = await ctx.store.getPerson(personId);
  const expires = person?.trainingExpiresAt;
  if (!person || person.status !== 'active' || !expires || person.trainingLapsedFor === expires) return 'none';
  const today = stamp(ctx.now()).slice(0, 10);
  const facts: [string, string][] = [['Training expires', expires]];
  try {
    if (expires < today) {
      const now = ctx.now();
      const withLogin = (await ctx.store.grantsOfPerson(person.id)).filter((g) => isLive(g, now) && g.credentialAccess);
      // One transaction holds the person and at most 45 grants (two items each with the audit event); a re-run picks up the rest.
      const batch = withLogin.slice(0, 45);
      const writes: ReviewWrite[] = batch.map((g) => ({ type: 'grant', item: { ...g, credentialAccess: false, version: g.version + 1, updatedAt: stamp(now) }, expectedVersion: g.version }));
      if (batch.length < withLogin.length) {
        await ctx.store.commit({ writes, audit: auditEntry(STEWARD, 'grant.credential-rights-ended', 'person', person.id, undefined, { grants: batch.map((g) => g.id) }, 'training lapsed') });
        return 'ended';
      }
      await savePerson(ctx, person, { trainingLapsedFor: expires }, 'person.training-lapsed', writes);
      await tell(ctx, person.id, 'Your social media training has expired', ['Your training has expired, so your rights to reveal shared logins have ended. Renew the training, then request the access you need again.'], [...facts, ['Credential rights ended', String(batch.length)]]);
      return 'ended';
    }
    if (person.trainingNoticeFor === expires) return 'none';
    await tell(ctx, person.id, `Your social media training expires on ${expires}`, ['Renew it before then: without current training, shared logins cannot be revealed and access cannot be requested.'], facts);
    await savePerson(ctx, person, { trainingNoticeFor: expires }, 'person.training-expiry-announced');
    return 'announced';
  } catch (error) {
    if (error instanceof ConflictError) return 'none';
    throw error;
  }
}

/** A departed person's remaining footprint: each account is checked; once nothing is left, the marker goes. */
async function departedHolder(ctx: ReviewContext, personId: string): Promise<ItemOutcome> {
  const roles = await ctx.store.accountRolesOf(personId);
  const accountIds = [...new Set([...roles.owned, ...roles.backup, ...roles.controls])];
  if (accountIds.length === 0) {
    await ctx.store.clearDepartedHolder(personId);
    return 'resolved';
  }
  let outcome: ItemOutcome = 'none';
  for (const id of accountIds) if ((await checkSinglePoints(ctx, id)) !== 'none') outcome = 'found';
  return outcome;
}

/**
 * An account's single points of failure: what is found and not yet open is opened (and reported to its owner
 * and the escalation group), what is open and no longer found is resolved, in one audited write.
 */
async function checkSinglePoints(ctx: ReviewContext, accountId: string): Promise<ItemOutcome> {
  const account = await ctx.store.getAccount(accountId);
  const existing = await ctx.store.findingsOf(accountId);
  let problems: ReturnType<typeof singlePointsOf> = [];
  if (account) {
    const ids = [account.ownerId, account.backupOwnerId, ...account.platformControl.nativeAdmins.map((a) => a.personId), account.platformControl.recoveryEmail?.holderId, account.platformControl.recoveryPhone?.holderId, account.platformControl.twoFactor?.holderId];
    const people = new Map<string, Person | undefined>();
    for (const id of new Set(ids)) if (id) people.set(id, await ctx.store.getPerson(id));
    problems = singlePointsOf(account, people);
  }
  const at = stamp(ctx.now());
  const open = new Map(existing.filter((f) => f.status === 'open').map((f) => [f.id, f]));
  const opened: Finding[] = problems.filter((p) => !open.has(p.id)).map((p) => ({ accountId, id: p.id, code: p.code, detail: p.detail, status: 'open', openedAt: at }));
  const resolved: Finding[] = [...open.values()].filter((f) => !problems.some((p) => p.id === f.id)).map((f) => ({ ...f, status: 'resolved', resolvedAt: at }));
  if (opened.length === 0 && resolved.length === 0) return 'none';
  const writes: ReviewWrite[] = [
    ...opened.map((f): ReviewWrite => ({ type: 'finding', item: f, expectedStatus: existing.some((e) => e.id === f.id) ? 'resolved' : null })),
    ...resolved.map((f): ReviewWrite => ({ type: 'finding', item: f, expectedStatus: 'open' })),
  ];
  try {
    await ctx.store.commit({ writes, audit: auditEntry(STEWARD, 'account.single-points-checked', 'account', accountId, { open: [...open.keys()] }, { opened: opened.map((f) => f.id), resolved: resolved.map((f) => f.id) }) });
  } catch (error) {
    if (error instanceof ConflictError) return 'none';
    throw error;
  }
  if (opened.length && account) {
    // The owner fixes it; the governance team sees every open one in the weekly digest (and hears of it here when there is no owner).
    const owner = (await activePerson(ctx, account.ownerId))?.id;
    for (const id of owner ? [owner] : await groupMembers(ctx, ctx.cadences.escalateTo)) {
      await tell(ctx, id, `Single point of failure: ${account.displayName}`, [`Steward found what could lock the company out of ${accountLabel(account)}. Please fix it in the registry and on the platform.`], opened.map((f): [string, string] => [f.code, f.detail]));
    }
  }
  return opened.length ? 'found' : 'resolved';
}
