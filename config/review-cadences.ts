import type { ReviewCadences } from '../core/reviews/cadences.ts';

/**
 * The review cadence, as configuration in the repository (change it by pull request, reviewed like code).
 * Policies and guidelines carry their own cadence (quarterly, half-yearly, annual or a cron expression).
 *
 * The daily sweep (declarations/schedules.ts) opens what has fallen due: an access recertification when an
 * account's access list was last recertified longer ago than its tier's `recertificationDays`, a brand audit
 * after `brandAuditDays`, a login rotation after `credentialMaxAgeDays`. A review must be answered within
 * `answerWithinDays`; a reminder goes `reminderBeforeDays` before that, and at the deadline it escalates to
 * the `escalateTo` group. Grants and training expiring within `expiryNoticeDays` are announced. People a
 * departure still waits on (platform controls to move off the leaver) are reminded every `handoverReminderDays`.
 */
export const reviewCadences: ReviewCadences = {
  recertificationDays: { low: 365, medium: 180, high: 90, critical: 30 },
  brandAuditDays: { low: 365, medium: 180, high: 180, critical: 90 },
  credentialMaxAgeDays: { low: 365, medium: 180, high: 90, critical: 30 },
  answerWithinDays: 14,
  reminderBeforeDays: 4,
  expiryNoticeDays: 14,
  handoverReminderDays: 7,
  escalateTo: 'governance',
  brandAuditors: 'brand',
};
