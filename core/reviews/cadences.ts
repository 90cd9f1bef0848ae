import * as z from 'zod';
import { riskTiers } from '../registry/model.ts';

const days = z.number().positive().max(3660);
const perTier = z.record(z.enum(riskTiers), days);

/**
 * How often each review falls due and how long people have to answer, validated once at cold start. Days
 * may be fractions (the local cloud's tests run whole review cycles in seconds).
 */
export const reviewCadencesSchema = z
  .strictObject({
    /** An account's access list is recertified by its owner this often, by risk tier. */
    recertificationDays: perTier,
    /** An account's brand audit (logo, colours, bio, links, handle) falls due this often. */
    brandAuditDays: perTier,
    /** A shared login older than this is rotated. */
    credentialMaxAgeDays: perTier,
    /**
     * A review's deadline, counted from when it opens. Its links live a second such period past the deadline,
     * and the link key rotates every 90 days (the previous key verifies until the next rotation): 30 days at most.
     */
    answerWithinDays: z.number().positive().max(30),
    /** The reminder goes out this long before the deadline; at the deadline the review escalates. */
    reminderBeforeDays: z.number().nonnegative(),
    /** People a departure case still waits on (platform controls to move) are reminded this often. */
    handoverReminderDays: days,
    /** People are told this long before a grant or their training expires. */
    expiryNoticeDays: z.number().nonnegative().max(366),
    /** The approval rules' group that overdue reviews escalate to and single points of failure are reported to. */
    escalateTo: z.string().min(1),
    /** The group that audits brand use; without one, the account's owner does. */
    brandAuditors: z.string().min(1).optional(),
  })
  .refine((c) => c.reminderBeforeDays < c.answerWithinDays, { message: 'the reminder must come before the deadline', path: ['reminderBeforeDays'] });

/**
 * The review cadences in force (config/review-cadences.ts): how often each kind of review falls due per tier,
 * how long people have to answer, and who is reminded and escalated to.
 */
export type ReviewCadences = z.output<typeof reviewCadencesSchema>;

/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The instant `days` before `at`, as ISO text: what "last done before this" means for a cadence. */
export const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS).toISOString();
/** The instant `days` after `at`, as ISO text. */
export const daysAfter = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS).toISOString();
