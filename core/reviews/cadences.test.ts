import { describe, expect, it } from 'vitest';
import { reviewCadences } from '../../config/review-cadences.ts';
import { reviewCadencesSchema } from './cadences.ts';
import { reviewIdOf } from './reviews.ts';
import { nextPolicyReview, planSweeps } from './sweeps.ts';

describe('review cadence', () => {
  it('moves a policy review by its named cadence or to its cron expression’s next match', () => {
    const from = new Date('2026-11-25T10:00:00Z');
    expect(nextPolicyReview({ reviewCadence: 'quarterly' }, from)).toBe('2027-02-25');
    expect(nextPolicyReview({ reviewCadence: 'half-yearly' }, from)).toBe('2027-05-25');
    expect(nextPolicyReview({ reviewCadence: 'annual' }, from)).toBe('2027-11-25');
    // 09:00 on 1 January and 1 July.
    expect(nextPolicyReview({ reviewCadence: 'cron(0 9 1 1,7 ? *)' }, from)).toBe('2027-01-01');
  });

  it('splits the account sweeps by risk tier and the single-points sweep by where it looks', () => {
    expect(planSweeps(['recertification', 'policy', 'single-points'])).toEqual([
      { kind: 'recertification', tier: 'low' },
      { kind: 'recertification', tier: 'medium' },
      { kind: 'recertification', tier: 'high' },
      { kind: 'recertification', tier: 'critical' },
      { kind: 'policy' },
      { kind: 'single-points', source: 'accounts' },
      { kind: 'single-points', source: 'departed' },
      { kind: 'single-points', source: 'findings' },
    ]);
  });

  it('gives a cycle one review id, and another cycle another', () => {
    expect(reviewIdOf('recertification', 'acc-1', '2026-01-01')).toBe(reviewIdOf('recertification', 'acc-1', '2026-01-01'));
    expect(reviewIdOf('recertification', 'acc-1', '2026-01-01')).not.toBe(reviewIdOf('recertification', 'acc-1', '2026-07-01'));
    expect(reviewIdOf('recertification', 'acc-1', '2026-01-01')).not.toBe(reviewIdOf('brand-audit', 'acc-1', '2026-01-01'));
  });

  it('accepts the repository cadences and refuses a reminder at or after the deadline', () => {
    expect(reviewCadencesSchema.safeParse(reviewCadences).success).toBe(true);
    expect(reviewCadencesSchema.safeParse({ ...reviewCadences, reminderBeforeDays: reviewCadences.answerWithinDays }).success).toBe(false);
    expect(reviewCadencesSchema.safeParse({ ...reviewCadences, recertificationDays: { low: 1 } }).success).toBe(false);
    // Links outlive the deadline by another period; beyond 30 days they would outlive the link key.
    expect(reviewCadencesSchema.safeParse({ ...reviewCadences, answerWithinDays: 45 }).success).toBe(false);
  });
});
