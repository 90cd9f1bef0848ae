import type { FunctionId } from './functions.ts';
import type { WorkflowId } from '../workflows/index.ts';

/** Replaced by the time the schedule was due to fire: EventBridge Scheduler's context attribute, and the local scheduler's. */
export const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';

/**
 * Schedules, declared once: the CDK stack creates one EventBridge Scheduler schedule per entry and the local
 * scheduler fires the same expression with the same input. Expressions use EventBridge Scheduler syntax:
 * `cron(minutes hours day-of-month month day-of-week year)` or `rate(value unit)`.
 */
export type ScheduleTarget = { readonly function: FunctionId } | { readonly workflow: WorkflowId };

export interface ScheduleDeclaration {
  readonly name: string;
  readonly description: string;
  readonly expression: string;
  readonly timezone: string;
  readonly target: ScheduleTarget;
  readonly input: Readonly<Record<string, unknown>>;
}

/** A job of the reviewSchedule function, told its schedule's name and the time it was due. */
const reviewSchedule = (name: string, job: 'reviews' | 'digest', expression: string, description: string): ScheduleDeclaration => ({
  name,
  description,
  expression,
  timezone: 'UTC',
  target: { function: 'reviewSchedule' },
  input: { job, schedule: name, scheduledTime: SCHEDULED_TIME },
});

export const schedules: readonly ScheduleDeclaration[] = [
  {
    name: 'canary',
    description: 'Daily synthetic run of every integration the workflows use; a failure raises the canary alarm.',
    expression: 'cron(0 6 * * ? *)',
    timezone: 'UTC',
    target: { workflow: 'canary' },
    input: { callback: 'auto' },
  },
  reviewSchedule('reviews-daily', 'reviews', 'cron(0 6 * * ? *)', 'The daily review run: opens what fell due (policy reviews, recertifications, brand audits, login rotations), announces and ends expiring grants and training, finds single points of failure, reminds and escalates.'),
  {
    name: 'audit-heartbeat',
    description: "Hourly: the sealer reads the trail itself for what the stream did not deliver, finishes what a stopped run left, and signs a checkpoint even when nothing happened.",
    expression: 'rate(1 hour)',
    timezone: 'UTC',
    target: { function: 'auditSealer' },
    input: { job: 'heartbeat', scheduledTime: SCHEDULED_TIME },
  },
  reviewSchedule('kpi-digest-weekly', 'digest', 'cron(0 7 ? * MON *)', 'The weekly KPI digest to the governance team, Monday morning.'),
];
