import { describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { reviewCadence } from '../../core/registry/model.ts';
import { nextOccurrence, reasonItCannotFire, toCronerSchedule } from '../../core/schedule-expression.ts';
import { schedules } from '../../declarations/schedules.ts';

describe('EventBridge Scheduler expressions on croner', () => {
  it('fires a daily cron at the same minute as EventBridge would', () => {
    const { pattern } = toCronerSchedule('cron(0 6 * * ? *)');
    const next = new Cron(pattern, { timezone: 'UTC' }).nextRun(new Date('2026-11-25T07:00:00Z'));
    expect(next?.toISOString()).toBe('2026-11-26T06:00:00.000Z');
  });

  it('numbers weekdays from Sunday = 1 like EventBridge, not from 0', () => {
    // 2 = Monday in EventBridge; 2026-11-25 is a Wednesday, so the next run is Monday 30 November.
    const { pattern } = toCronerSchedule('cron(30 9 ? * 2 *)');
    const next = new Cron(pattern, { timezone: 'UTC' }).nextRun(new Date('2026-11-25T00:00:00Z'));
    expect(next?.toISOString()).toBe('2026-11-30T09:30:00.000Z');
  });

  it('keeps the week number after # and shifts ranges', () => {
    expect(toCronerSchedule('cron(0 8 ? * 2#1 *)').pattern).toBe('0 0 8 * * 1#1');
    expect(toCronerSchedule('cron(0 8 ? * 2-6 *)').pattern).toBe('0 0 8 * * 1-5');
    expect(toCronerSchedule('cron(0 8 ? * MON-FRI *)').pattern).toBe('0 0 8 * * MON-FRI');
  });

  it('turns rate() into an interval in seconds', () => {
    expect(toCronerSchedule('rate(5 minutes)')).toEqual({ pattern: '* * * * * *', intervalSeconds: 300 });
    expect(toCronerSchedule('rate(1 day)').intervalSeconds).toBe(86_400);
  });

  it.each([
    ['cron(0 6 * * *)', /6 fields/],
    ['cron(0 6 * * 2 *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 6 ? * 2 2027)', /year/],
    ['rate(1 days)', /use "1 day"/],
    ['every day', /not an EventBridge Scheduler expression/],
  ])('refuses %s with a message saying why', (expression, message) => {
    expect(() => toCronerSchedule(expression)).toThrow(message);
  });

  it.each([
    ['cron(61 25 32 13 ? *)', /minute/],
    ['cron(0 9 31 2 ? *)', /never fires/],
    ['cron(0 9 30 2 ? *)', /never fires/],
    ['cron(0 9 31 4,6,9,11 ? *)', /never fires/],
    ['cron(0 6 * * *)', /6 fields/],
  ])('%s can never fire, and says why', (expression, reason) => {
    expect(reasonItCannotFire(expression)).toMatch(reason);
    expect(() => nextOccurrence(expression, new Date('2026-11-25T00:00:00Z'))).toThrow(reason);
  });

  it('finds the next occurrence of a rare but real date (29 February)', () => {
    expect(reasonItCannotFire('cron(0 9 29 2 ? *)')).toBeUndefined();
    expect(nextOccurrence('cron(0 9 29 2 ? *)', new Date('2026-11-25T00:00:00Z')).toISOString()).toBe('2028-02-29T09:00:00.000Z');
  });

  it('refuses a policy review cadence that can never fire, and keeps one that can', () => {
    expect(reviewCadence.safeParse('cron(61 25 32 13 ? *)').success).toBe(false);
    expect(reviewCadence.safeParse('cron(0 9 31 2 ? *)').success).toBe(false);
    expect(reviewCadence.safeParse('cron(0 9 29 2 ? *)').success).toBe(true);
    expect(reviewCadence.safeParse('annual').success).toBe(true);
  });

  it('accepts every declared schedule: each can fire', () => {
    for (const schedule of schedules) expect(reasonItCannotFire(schedule.expression), schedule.name).toBeUndefined();
  });
});
