import { AwsServiceError } from '../errors.ts';
import { LIMITS, integerMember, stringMember, type Request } from './constraints.ts';

/** RotateSecret's RotationRules, as stored and as DescribeSecret returns them. */
export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

const invalidParameter = (message: string) => new AwsServiceError('InvalidParameterException', message);

/** "You can rotate a secret as often as every four hours" (RotationRulesType, ScheduleExpression). */
const MIN_RATE_HOURS = 4;
const RATE = /^rate\((\d+) (hours?|days?)\)$/;
/** cron(minutes hours day-of-month month day-of-week year), as in EventBridge schedules. */
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

/**
 * Validates RotationRules as the reference describes them (RotationRulesType): the model's limits
 * (AutomaticallyAfterDays 1–1000, ScheduleExpression 1–256 characters of `[0-9A-Za-z()#?*-/, ]`, Duration
 * 2–3 characters of `[0-9h]`) answer ValidationException; the documented rules on top of them ("you can set
 * the rotation schedule ... with AutomaticallyAfterDays or ScheduleExpression, but not both", a rate() of
 * hours or days at least four hours apart, a window that "must not extend into the next rotation window or the
 * next UTC day") answer InvalidParameterException.
 */
export function rotationRulesOf(request: Request): RotationRules | undefined {
  const raw = request.RotationRules;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AwsServiceError('SerializationException', 'RotationRules must be a structure.');
  const days = integerMember(request, 'RotationRules.AutomaticallyAfterDays', { min: 1, max: 1000 });
  const duration = stringMember(request, 'RotationRules.Duration', { length: LIMITS.duration, pattern: /^[0-9h]+$/ });
  const expression = stringMember(request, 'RotationRules.ScheduleExpression', { length: LIMITS.scheduleExpression, pattern: /^[0-9A-Za-z()#?*\-/, ]+$/ });
  if (days !== undefined && expression !== undefined) {
    throw invalidParameter('You can set the rotation schedule with AutomaticallyAfterDays or ScheduleExpression, but not both.');
  }
  let intervalHours = days === undefined ? undefined : days * 24;
  if (expression !== undefined) intervalHours = scheduleIntervalHours(expression);
  if (duration !== undefined) {
    const hours = /^(\d+)h$/.exec(duration);
    if (!hours || Number(hours[1]) < 1) throw invalidParameter(`Duration ${duration} is not a number of hours, such as 3h.`);
    const windowHours = Number(hours[1]);
    if (windowHours > 24) throw invalidParameter('The rotation window must not extend into the next UTC day.');
    if (intervalHours !== undefined && windowHours > intervalHours) throw invalidParameter('The rotation window must not extend into the next rotation window.');
  }
  return {
    ...(days !== undefined ? { AutomaticallyAfterDays: days } : {}),
    ...(duration !== undefined ? { Duration: duration } : {}),
    ...(expression !== undefined ? { ScheduleExpression: expression } : {}),
  };
}

/** Hours between rotations for a rate(); undefined for a cron() (its spacing varies). */
function scheduleIntervalHours(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const count = Number(rate[1]);
    const hours = rate[2]!.startsWith('hour') ? count : count * 24;
    if (count < 1) throw invalidParameter(`The schedule expression ${expression} must have a positive rate.`);
    if (hours < MIN_RATE_HOURS) throw invalidParameter(`The schedule expression ${expression} rotates more often than every ${MIN_RATE_HOURS} hours.`);
    if (hours > 1000 * 24) throw invalidParameter(`The schedule expression ${expression} is longer than 1000 days.`);
    return hours;
  }
  if (CRON.test(expression)) return undefined;
  throw invalidParameter(`The schedule expression ${expression} is neither a rate() nor a cron() expression.`);
}
