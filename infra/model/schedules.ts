import type { FunctionId } from './functions.ts';
import type { WorkflowId } from '../../workflows/index.ts';

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

export const schedules: readonly ScheduleDeclaration[] = [
  {
    name: 'canary',
    description: 'Daily synthetic run of every integration the workflows use; a failure raises the canary alarm.',
    expression: 'cron(0 6 * * ? *)',
    timezone: 'UTC',
    target: { workflow: 'canary' },
    input: { callback: 'auto' },
  },
];
