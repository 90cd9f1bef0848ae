import type { ReviewWrite } from './ports.ts';
import { createHash } from 'node:crypto';
import { composeEmail, signLink } from '../messaging/index.ts';
import { STEWARD, type Principal } from '../auth.ts';
import { ConflictError } from '../errors.ts';
import { auditEntry, found, isAssignable, stamp } from '../registry/index.ts';
import { allPages, eachPage } from '../paging.ts';
import type { Account, Person } from '../registry/model.ts';

import { DAY_MS, daysAfter } from './cadences.ts';
import type { Review, ReviewKind } from './model.ts';
import type { ReviewContext } from './ports.ts';

/** A review's id: one per kind, subject and cycle, so a run that repeats opens nothing twice. */
export const reviewIdOf = (kind: ReviewKind, subjectId: string, cycle: string) =>
  `rv-${createHash('sha256').update(`${kind}/${subjectId}/${cycle}`).digest('hex').slice(0, 20)}`;

/**
 * A review's life: opened once per cycle (the id is derived from the cycle), its assignee emailed a link, a
 * reminder before the deadline, an escalation at it, then completed by whoever answers. Every change is an
 * audited, version-checked write; an email goes out after the write that calls for it.
 */

const KIND_TITLES: Record<ReviewKind, string> = {
  policy: 'Policy review',
  recertification: 'Access recertification',
  'brand-audit': 'Brand audit',
  'credential-age': 'Login rotation (credential age)',
};

/** A review's title in emails and pages: its kind, then its subject. */
export const reviewTitle = (review: Review, subject: string) => `${KIND_TITLES[review.kind]}: ${subject}`;

/** An account as emails name it: enough to find it on the platform and in the registry. */
export const accountLabel = (account: Account) => `${account.displayName} (${account.platform} ${account.handle}, ${account.id})`;

/** The assignable members of a group of the approval rules (a registry team), by id. */
export async function groupMembers(ctx: ReviewContext, group: string): Promise<string[]> {
  const team = ctx.rules.groups[group]?.team;
  if (!team) return [];
  const members = await allPages((page) => ctx.store.listPeople({ team, status: 'active' }, page));
  return members.filter(isAssignable).map((p) => p.id).sort();
}

/** The person, if they may be given a review or asked for input (on staff, no departure on its way). */
export async function activePerson(ctx: ReviewContext, id: string | undefined): Promise<Person | undefined> {
  if (!id) return undefined;
  const person = await ctx.store.getPerson(id);
  return isAssignable(person) ? person : undefined;
}

/** One of a group, the same one for the same subject: spreads a group's reviews over its members. */
export const spreadOver = (members: string[], subjectId: string) =>
  members.length ? members[createHash('sha256').update(subjectId).digest().readUInt32BE(0) % members.length] : undefined;

/** The account's active owner, else its active backup owner, else a member of the escalation group. */
export async function accountResponsible(ctx: ReviewContext, account: Account): Promise<string> {
  const person = (await activePerson(ctx, account.ownerId)) ?? (await activePerson(ctx, account.backupOwnerId));
  return found(person?.id ?? spreadOver(await groupMembers(ctx, ctx.cadences.escalateTo), account.id), `an active owner or ${ctx.cadences.escalateTo} member for ${account.id}`);
}

/** A review's subject as emails and pages name it (the id alone if the subject is gone). */
export async function subjectLabel(ctx: ReviewContext, review: Review): Promise<string> {
  if (review.subjectType === 'policy') {
    const policy = await ctx.store.getPolicy(review.subjectId);
    return policy ? `${policy.title} ${policy.documentVersion} (${policy.id})` : review.subjectId;
  }
  const account = await ctx.store.getAccount(review.subjectId);
  return account ? accountLabel(account) : review.subjectId;
}

/** The reminder comes `reminderBeforeDays` before the deadline (or at once when that moment has passed). */
const reminderAt = (ctx: ReviewContext, dueAt: string) => new Date(Math.max(ctx.now().getTime(), Date.parse(dueAt) - ctx.cadences.reminderBeforeDays * DAY_MS)).toISOString();

/** A link to the review's page, for one person, valid until a full answer period after the deadline. */
export async function reviewLink(ctx: ReviewContext, review: Review, personId: string): Promise<string> {
  const expiresAt = Math.floor((Date.parse(review.dueAt) + ctx.cadences.answerWithinDays * DAY_MS) / 1000);
  const token = await signLink(ctx.links, { requestId: review.id, stage: 0, round: review.escalatedAt ? 1 : 0, approverId: personId, expiresAt });
  return `${ctx.publicUrl}/review/${token}`;
}

const ASKS: Record<ReviewKind, string> = {
  policy: 'Please review the document: publish a new version, or confirm the current one is still right. Comments are welcome until the deadline.',
  recertification: 'Please go through the access list: keep or revoke each grant. Revoked access ends at once; a shared login the person knew is rotated.',
  'brand-audit': 'Please check the account against the brand kit (logo, colours, bio, links, handle) and record what you find.',
  'credential-age': 'The shared login is older than its risk tier allows and is being rotated.',
};

type Notice = 'invitation' | 'reminder' | 'escalation' | 'comments';

/** Emails each person their own link to the review's page. */
export async function sendReviewLinks(ctx: ReviewContext, review: Review, personIds: string[], notice: Notice, facts: [string, string][] = []) {
  const subject = await subjectLabel(ctx, review);
  const title = reviewTitle(review, subject);
  const lead = {
    invitation: `${title} is due.`,
    reminder: `Reminder: ${title} is still open.`,
    escalation: `${title} was not completed by its deadline and has been escalated to you.`,
    comments: `${title} is open, and your comments are asked for.`,
  }[notice];
  for (const personId of personIds) {
    const person = await ctx.store.getPerson(personId);
    if (!person) continue;
    const ask = notice === 'comments' ? 'Read the document and send your comments through the page below before the deadline.' : ASKS[review.kind];
    await ctx.mailer.send(
      composeEmail(person.email, `${notice === 'reminder' ? 'Reminder: ' : ''}${title}`, [lead, ask, `Deadline: ${review.dueAt}. The page changes nothing until you press a button on it.`], [['Review', review.id], ...facts], {
        label: notice === 'comments' ? 'Comment on the document' : 'Open the review',
        url: await reviewLink(ctx, review, personId),
      }),
    );
  }
}

/** What opening a review needs: its kind, subject and cycle (which make its id), who answers, and the run opening it. */
export interface ReviewSpec {
  kind: ReviewKind;
  subjectType: Review['subjectType'];
  subjectId: string;
  cycle: string;
  assigneeId: string;
  reviewerIds?: string[];
  grants?: Review['grants'];
  rotationToken?: string;
  /** Whether the assignee is emailed when it opens (a login rotation needs nobody unless it fails). */
  notify: boolean;
  /** The run opening it: a retry of the same run's step (after a crash) sends what the first attempt did not. */
  runId: string;
}

/** A notice claimed this long ago and still not sent was lost to a crash: the next sweep sends it. */
const STRANDED_NOTICE_MS = 5 * 60_000;

/**
 * Opens the cycle's review once: however many sweeps reach it at once, the conditional create lets one
 * through, and only that one emails the assignee (then records that it did). A crash between the two leaves
 * the review without its notice: the same run's retry of the step sends it; any other run, only well after
 * (a concurrent run must not send it twice), by claiming it first.
 */
export async function openReview(ctx: ReviewContext, spec: ReviewSpec): Promise<{ review: Review; opened: boolean }> {
  const id = reviewIdOf(spec.kind, spec.subjectId, spec.cycle);
  const existing = await ctx.store.getReview(id);
  if (existing) return { review: spec.notify ? await sendStrandedNotice(ctx, existing, spec.runId) : existing, opened: false };
  const now = ctx.now();
  const at = stamp(now);
  const dueAt = daysAfter(now, ctx.cadences.answerWithinDays);
  const review: Review = {
    id,
    kind: spec.kind,
    subjectType: spec.subjectType,
    subjectId: spec.subjectId,
    cycle: spec.cycle,
    assigneeId: spec.assigneeId,
    reviewerIds: spec.reviewerIds ?? [],
    status: 'open',
    openedAt: at,
    dueAt,
    followUpAt: reminderAt(ctx, dueAt),
    escalatedTo: [],
    openedByRun: spec.runId,
    ...(spec.grants ? { grants: spec.grants } : {}),
    ...(spec.rotationToken ? { rotationToken: spec.rotationToken } : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.store.commit({
      writes: [{ type: 'review', item: review, expectedVersion: null }, { type: 'assignable', personId: review.assigneeId }],
      audit: auditEntry(STEWARD, 'review.opened', 'review', id, undefined, { kind: review.kind, subject: `${review.subjectType} ${review.subjectId}`, assigneeId: review.assigneeId, dueAt }),
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Opened by a concurrent sweep; or the assignee began leaving meanwhile, and the step's retry picks another.
    const raced = await ctx.store.getReview(id);
    if (!raced) throw error;
    return { review: raced, opened: false };
  }
  return { review: spec.notify ? await notify(ctx, review) : review, opened: true };
}

async function notify(ctx: ReviewContext, review: Review): Promise<Review> {
  await sendReviewLinks(ctx, review, [review.assigneeId], 'invitation');
  await sendReviewLinks(ctx, review, (await commentAudience(ctx, review)).filter((id) => id !== review.assigneeId), 'comments');
  return saveReview(ctx, STEWARD, review, { ...review, notifiedAt: stamp(ctx.now()) }, 'review.notified');
}

/** At most this many people are emailed a comment link; a wider audience is the intranet's to reach. */
const MAX_COMMENT_AUDIENCE = 500;

/**
 * Who is asked for comments: the policy's reviewers, and the people it applies to: every active person when
 * it covers everything, the members of the teams it covers, and the owners, backups and access holders of the
 * accounts it covers by platform or by id.
 */
async function commentAudience(ctx: ReviewContext, review: Review): Promise<string[]> {
  const audience = new Set(review.reviewerIds);
  const policy = review.kind === 'policy' ? await ctx.store.getPolicy(review.subjectId) : undefined;
  if (!policy) return [...audience];
  const enough = () => audience.size >= MAX_COMMENT_AUDIENCE;
  const addPeople = (filter: { team?: string }) => eachPage((page) => ctx.store.listPeople({ ...filter, status: 'active' }, page), (people) => people.forEach((p) => audience.add(p.id)), { enough });
  const addAccount = async (account: Account | undefined) => {
    if (account?.status !== 'active') return;
    for (const id of [account.ownerId, account.backupOwnerId]) if (id) audience.add(id);
    for (const grant of await ctx.store.grantsOfAccount(account.id)) if (grant.status === 'active') audience.add(grant.personId);
  };
  if (policy.covers.all) await addPeople({});
  for (const team of policy.covers.teams) await addPeople({ team });
  for (const platform of policy.covers.platforms) {
    await eachPage(
      (page) => ctx.store.listAccounts({ platform, status: 'active' }, page),
      async (accounts) => {
        for (const account of accounts) await addAccount(account);
      },
      { enough },
    );
  }
  for (const id of policy.covers.accountIds) await addAccount(await ctx.store.getAccount(id));
  const active = [];
  for (const id of audience) if (active.length < MAX_COMMENT_AUDIENCE && (await activePerson(ctx, id))) active.push(id);
  return active;
}

async function sendStrandedNotice(ctx: ReviewContext, review: Review, runId: string): Promise<Review> {
  if (review.notifiedAt || review.status !== 'open') return review;
  if (review.openedByRun === runId && !review.noticeClaimedAt) return notify(ctx, review);
  if (Date.parse(review.noticeClaimedAt ?? review.createdAt) > ctx.now().getTime() - STRANDED_NOTICE_MS) return review;
  try {
    return await notify(ctx, await saveReview(ctx, STEWARD, review, { ...review, noticeClaimedAt: stamp(ctx.now()) }, 'review.notice-claimed'));
  } catch (error) {
    if (error instanceof ConflictError) return review;
    throw error;
  }
}

/** Writes the next state of a review, version-checked and audited. */
export async function saveReview(ctx: ReviewContext, principal: Principal, current: Review, next: Review, action: string, extra: ReviewWrite[] = [], reason?: string): Promise<Review> {
  const stamped: Review = { ...next, version: current.version + 1, updatedAt: stamp(ctx.now()) };
  await ctx.store.commit({
    writes: [...extra, { type: 'review', item: stamped, expectedVersion: current.version, previous: current }],
    audit: auditEntry(principal, action, 'review', current.id, { status: current.status }, { status: stamped.status, ...(stamped.outcome ? { outcome: stamped.outcome } : {}) }, reason),
  });
  return stamped;
}

/** Completes an open review with its outcome (and any `changes`, `extra` writes), audited; its follow-up ends with it. */
export async function completeReview(ctx: ReviewContext, principal: Principal, current: Review, outcome: string, changes: Partial<Review> = {}, extra: ReviewWrite[] = [], at = stamp(ctx.now())): Promise<Review> {
  const { followUpAt: _done, ...rest } = current;
  return saveReview(ctx, principal, current, { ...rest, ...changes, status: 'completed', completedAt: at, completedBy: principal.personId, outcome }, 'review.completed', extra);
}

/** Who may answer a review through a link: its assignee, and once escalated, whoever it escalated to. */
export const mayAnswer = (review: Review, personId: string) => review.assigneeId === personId || review.escalatedTo.includes(personId);

/** The principal a link's holder acts as: the registry knows them; their roles come from what the review makes them. */
export const reviewerPrincipal = (personId: string): Principal => ({ personId, roles: ['owner'] });

/**
 * The follow-up sweep's step for one review: a reminder before the deadline, an escalation at it (new links
 * to the escalation group, who may then answer too), and nothing more after that: an overdue review stays
 * open and counts as late until someone answers it.
 */
export async function followUp(ctx: ReviewContext, review: Review, checkDone: (review: Review) => Promise<boolean>): Promise<'completed' | 'reminded' | 'escalated' | 'none'> {
  if (review.status !== 'open' || !review.followUpAt || review.followUpAt > stamp(ctx.now())) return 'none';
  if (await checkDone(review)) return 'completed';
  // Nobody answers a login rotation: once escalated it is still watched (as often as reminders come) until done.
  const watchAgain = { followUpAt: daysAfter(ctx.now(), ctx.cadences.reminderBeforeDays) };
  if (review.escalatedAt) {
    await saveReview(ctx, STEWARD, review, { ...review, ...watchAgain }, 'review.still-open');
    return 'none';
  }
  if (!review.remindedAt && stamp(ctx.now()) < review.dueAt) {
    if (review.notifiedAt) await sendReviewLinks(ctx, review, [review.assigneeId], 'reminder');
    await saveReview(ctx, STEWARD, review, { ...review, remindedAt: stamp(ctx.now()), followUpAt: review.dueAt }, 'review.reminded');
    return 'reminded';
  }
  const group = (await groupMembers(ctx, ctx.cadences.escalateTo)).filter((id) => id !== review.assigneeId);
  const { followUpAt: _done, ...rest } = review;
  const escalated = await saveReview(ctx, STEWARD, review, { ...rest, ...(review.kind === 'credential-age' ? watchAgain : {}), remindedAt: review.remindedAt ?? stamp(ctx.now()), escalatedAt: stamp(ctx.now()), escalatedTo: group }, 'review.escalated');
  await sendReviewLinks(ctx, escalated, group, 'escalation', [['Assigned to', review.assigneeId]]);
  return 'escalated';
}

/** Who answers a review now: the account's responsible person, or the policy's owner, else the escalation group. */
async function responsibleFor(ctx: ReviewContext, review: Review): Promise<string | undefined> {
  if (review.subjectType === 'account') {
    const account = await ctx.store.getAccount(review.subjectId);
    return account ? accountResponsible(ctx, account) : undefined;
  }
  const policy = await ctx.store.getPolicy(review.subjectId);
  return (await activePerson(ctx, policy?.ownerId))?.id ?? spreadOver(await groupMembers(ctx, ctx.cadences.escalateTo), review.subjectId);
}

/**
 * A leaver's open reviews go to whoever answers for their subject now (the handover has already handed the
 * leaver's accounts on), and the leaver leaves every review's reviewers and escalation list. The new assignee
 * gets their own link; the leaver's link stops working, since it names them.
 */
export async function reassignReviewsOf(ctx: ReviewContext, leaverId: string): Promise<{ reassigned: number }> {
  let reassigned = 0;
  for (const review of await ctx.store.openReviewsAssignedTo(leaverId)) {
    if (review.status !== 'open' || review.assigneeId !== leaverId) continue;
    const to = await responsibleFor(ctx, review);
    if (!to || to === leaverId) continue;
    const { notifiedAt, ...rest } = review;
    const next: Review = { ...rest, assigneeId: to, reviewerIds: review.reviewerIds.filter((id) => id !== leaverId && id !== to), escalatedTo: review.escalatedTo.filter((id) => id !== leaverId) };
    let moved: Review;
    try {
      moved = await saveReview(ctx, STEWARD, review, next, 'review.reassigned', [{ type: 'assignable', personId: to }], `${leaverId} is leaving; to ${to}`);
    } catch (error) {
      // Answered or moved meanwhile: the next handover run reads it again.
      if (error instanceof ConflictError) continue;
      throw error;
    }
    // A login-age review waits on Secrets Manager, not on a person: it was never sent, and needs no link.
    if (notifiedAt) {
      await sendReviewLinks(ctx, moved, [to], 'invitation');
      await saveReview(ctx, STEWARD, moved, { ...moved, notifiedAt: stamp(ctx.now()) }, 'review.notified');
    }
    reassigned++;
  }
  for (const review of await ctx.store.openReviewsEscalatedTo(leaverId)) await leaveEscalation(ctx, review, leaverId);
  return { reassigned };
}

/** A review escalated to a leaver, answered by someone else: the leaver leaves its escalation (read again on a race). */
async function leaveEscalation(ctx: ReviewContext, escalated: Review, leaverId: string) {
  for (let review: Review | undefined = escalated, attempt = 0; review?.status === 'open' && review.escalatedTo.includes(leaverId) && attempt < 3; attempt++) {
    try {
      await saveReview(ctx, STEWARD, review, { ...review, escalatedTo: review.escalatedTo.filter((id) => id !== leaverId) }, 'review.escalation-changed', [], `${leaverId} is leaving`);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      review = await ctx.store.getReview(review.id);
    }
  }
}
