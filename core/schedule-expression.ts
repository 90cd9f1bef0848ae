import { Cron } from 'croner';

/**
 * Translates EventBridge Scheduler expressions into croner patterns, so the local scheduler fires the same
 * declarations the CDK stack deploys. `cron(min hour day-of-month month day-of-week year)` numbers weekdays
 * 1-7 from Sunday, croner 0-6; `?` means "any"; a year other than `*` is not supported locally.
 */
export type CronerSchedule = { pattern: string; intervalSeconds?: number };

const UNIT_SECONDS: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 };

function shiftWeekdays(field: string): string {
  return field.replace(/\d+/g, (digits, offset: number, whole: string) => {
    // After '#' the number is the nth week, not a weekday.
    if (whole[offset - 1] === '#') return digits;
    const day = Number(digits);
    if (day < 1 || day > 7) throw new Error(`day-of-week ${day} is outside 1-7`);
    return String(day - 1);
  });
}

/**
 * An EventBridge Scheduler expression (`rate(…)` or `cron(…)` with AWS's six fields) as croner's pattern, or an
 * error saying what is wrong with it.
 */
export function toCronerSchedule(expression: string): CronerSchedule {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw new Error(`rate must be at least 1: ${expression}`);
    if ((value === 1) !== !rate[2]!.endsWith('s')) throw new Error(`use "1 ${rate[2]!.replace(/s$/, '')}" or "N ${rate[2]!.replace(/s?$/, 's')}": ${expression}`);
    return { pattern: '* * * * * *', intervalSeconds: value * UNIT_SECONDS[rate[2]!]! };
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (at) return { pattern: at[1]! };
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron) throw new Error(`not an EventBridge Scheduler expression: ${expression}`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron needs 6 fields (minutes hours day-of-month month day-of-week year): ${expression}`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`the local scheduler supports only "*" as year: ${expression}`);
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) throw new Error(`exactly one of day-of-month and day-of-week must be "?": ${expression}`);
  const any = (field: string) => (field === '?' ? '*' : field);
  return { pattern: ['0', minutes, hours, any(dayOfMonth), month, dayOfWeek === '?' ? '*' : shiftWeekdays(dayOfWeek)].join(' ') };
}

/**
 * When an expression next fires after `from`. Throws, saying why, when it never will: unreadable, a field out
 * of range (minute 61, month 13), or a date no month has (31 February, 31 April), which croner finds no
 * occurrence of. `at()` of a past time never fires again either.
 */
export function nextOccurrence(expression: string, from: Date, timezone = 'UTC'): Date {
  const { pattern, intervalSeconds } = toCronerSchedule(expression);
  let next: Date | null;
  try {
    next = new Cron(pattern, { timezone, interval: intervalSeconds }).nextRun(from);
  } catch (error) {
    throw new Error(`${expression}: ${(error as Error).message}`, { cause: error });
  }
  if (!next) throw new Error(`${expression} never fires: no date matches it`);
  return next;
}

/**
 * Why an expression can never fire, or undefined when it can: the check every place that accepts a schedule
 * or a cadence makes when it is written, so nothing waits on an occurrence that never comes.
 */
export function reasonItCannotFire(expression: string, from = new Date()): string | undefined {
  try {
    nextOccurrence(expression, from);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
