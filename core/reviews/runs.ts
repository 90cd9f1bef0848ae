import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { requireRole, type Principal, hasRole } from '../auth.ts';
import { ForbiddenError } from '../errors.ts';
import { auditEntry, found, stamp } from '../registry/index.ts';
import type { Page } from '../paging.ts';
import { parseInput } from '../validation.ts';
import { entityId } from '../registry/model.ts';
import { commentInput, findingCodes, runInput, sweepKinds, type Finding, type Review, type SweepKind } from './model.ts';
import { addComment } from './pages.ts';
import type { ReviewContext } from './ports.ts';

/**
 * Runs of the reviews: the schedule's (named after the schedule and its scheduled time, so a schedule that
 * fires twice for the same time starts one run) and anyone's run-now from the governance team.
 */
const scheduledRunId = (schedule: string, scheduledTime: string) => `scheduled-${schedule}-${scheduledTime.replace(/[^0-9A-Za-z]/g, '').toLowerCase()}`.slice(0, 63);

/**
 * Starts the run of a schedule's firing: the run is named after the schedule and its time, so a repeated firing
 * starts nothing.
 */
export async function startScheduledRun(ctx: ReviewContext, schedule: string, scheduledTime: string, kinds: readonly SweepKind[] = sweepKinds) {
  const runId = scheduledRunId(schedule, scheduledTime);
  await ctx.runs.start(runId, { runId, kinds });
  return { runId };
}

/** Starts a review run by hand (governance team), of some or all sweeps. */
export async function startRun(ctx: ReviewContext, principal: Principal, body: unknown) {
  requireRole(principal, 'admin');
  const { kinds } = parseInput(runInput, body === undefined ? {} : body, 'review run');
  const runId = `manual-${stamp(ctx.now()).replace(/[^0-9]/g, '').slice(0, 14)}-${randomBytes(4).toString('hex')}`;
  await ctx.store.commit({ writes: [], audit: auditEntry(principal, 'reviews.run-requested', 'review-run', runId, undefined, { kinds: kinds ?? 'all' }) });
  await ctx.runs.start(runId, { runId, kinds: kinds ?? [...sweepKinds] });
  return { runId, kinds: kinds ?? [...sweepKinds] };
}

/** A review run's status, for the governance team and auditors. */
export async function showRun(ctx: ReviewContext, principal: Principal, runId: string) {
  requireRole(principal, 'admin', 'auditor');
  return { runId, ...found(await ctx.runs.status(runId), `review run ${runId}`) };
}

/** The governance team and auditors see every review; anyone else the reviews they are asked to answer. */
const reviewStatus = z.enum(['open', 'completed']);

const mayRead = (principal: Principal, review: Review) =>
  hasRole(principal, 'admin', 'auditor') || review.assigneeId === principal.personId || review.escalatedTo.includes(principal.personId) || review.reviewerIds.includes(principal.personId);

const reviewSubject = z.strictObject({ type: z.enum(['account', 'policy']), id: entityId });

/** Anyone's own open reviews, assigned or escalated to them, soonest deadline first (few per person: one page). */
async function openReviewsOf(ctx: ReviewContext, personId: string): Promise<Review[]> {
  const [assigned, escalated] = await Promise.all([ctx.store.openReviewsAssignedTo(personId), ctx.store.openReviewsEscalatedTo(personId)]);
  const byId = new Map([...assigned, ...escalated].map((review) => [review.id, review]));
  return [...byId.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** Reviews by status, one subject's, or mine (assigned or escalated to me), for those allowed to read them. */
export async function listReviews(ctx: ReviewContext, principal: Principal, filter: { status?: string; mine?: boolean; subjectType?: string; subjectId?: string }, page: { limit: number; next?: string }): Promise<Page<Review>> {
  if (filter.mine) return { items: await openReviewsOf(ctx, principal.personId) };
  requireRole(principal, 'admin', 'auditor');
  if (filter.subjectType !== undefined || filter.subjectId !== undefined) {
    // One account's or policy's reviews, newest first: a few per cycle, one page.
    const subject = parseInput(reviewSubject, { type: filter.subjectType, id: filter.subjectId }, 'subjectType and subjectId');
    return { items: await ctx.store.reviewsOf(subject.type, subject.id) };
  }
  const status = filter.status === undefined ? undefined : parseInput(reviewStatus, filter.status, 'status');
  return ctx.store.listReviews({ status }, page);
}

/** One review, for the governance team, auditors and the people it is assigned, escalated or sent to. */
export async function showReview(ctx: ReviewContext, principal: Principal, id: string): Promise<Review> {
  const review = await ctx.store.getReview(id);
  // Whether a review exists is itself for those who may read it.
  if (!hasRole(principal, 'admin', 'auditor') && (!review || !mayRead(principal, review))) throw new ForbiddenError('only the governance team, auditors and the people a review asks may read it');
  return found(review, `review ${id}`);
}

/** Any employee may comment on a policy under review while its comment period is open. */
export async function commentOnReview(ctx: ReviewContext, principal: Principal, id: string, body: unknown): Promise<Review> {
  const { text } = parseInput(commentInput, body, 'comment');
  const review = found(await ctx.store.getReview(id), `review ${id}`);
  return addComment(ctx, principal, review, text);
}

const findingFilter = z.strictObject({ status: z.enum(['open', 'resolved']).default('open'), accountId: entityId.optional(), code: z.enum(findingCodes).optional() });

/**
 * Single points of failure found by the sweeps: all of them (of one kind, with `code`) for the governance team
 * and auditors; one account's (a few: one page) also for its owner and backup owner, who are to fix them.
 */
export async function listFindings(ctx: ReviewContext, principal: Principal, filter: Record<string, string | undefined>, page: { limit: number; next?: string }): Promise<Page<Finding>> {
  const { status, accountId, code } = parseInput(findingFilter, filter, 'findings filter');
  if (accountId === undefined) {
    requireRole(principal, 'admin', 'auditor');
    return ctx.store.listFindings(status, page, code);
  }
  const account = found(await ctx.store.getAccount(accountId), `account ${accountId}`);
  const answersForIt = account.ownerId === principal.personId || account.backupOwnerId === principal.personId;
  if (!hasRole(principal, 'admin', 'auditor') && !answersForIt) throw new ForbiddenError("an account's findings are for the governance team, auditors and its owners");
  return { items: (await ctx.store.findingsOf(accountId)).filter((f) => f.status === status && (code === undefined || f.code === code)) };
}
