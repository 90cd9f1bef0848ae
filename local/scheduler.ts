import { Cron } from 'croner';
import type { ScheduleDeclaration } from '../declarations/schedules.ts';
import { toCronerSchedule } from '../core/schedule-expression.ts';

/**
 * Fires the shared schedule declarations with croner, as EventBridge Scheduler fires them on AWS, and lets
 * any schedule be fired now (`POST /_steward/schedules/<name>/fire` on the local AWS endpoint).
 */
export class LocalScheduler {
  private readonly jobs: Cron[] = [];

  constructor(
    private readonly schedules: readonly ScheduleDeclaration[],
    private readonly fire: (schedule: ScheduleDeclaration, scheduledTime: Date) => Promise<unknown>,
    private readonly onError: (schedule: ScheduleDeclaration, error: Error) => void,
  ) {}

  start(): void {
    for (const schedule of this.schedules) {
      const { pattern, intervalSeconds } = toCronerSchedule(schedule.expression);
      this.jobs.push(
        new Cron(pattern, { timezone: schedule.timezone, interval: intervalSeconds, protect: true, name: schedule.name }, async (job: Cron) => {
          await this.fire(schedule, wholeSeconds(job.currentRun() ?? new Date())).catch((error: Error) => this.onError(schedule, error));
        }),
      );
    }
  }

  /** Fires a schedule now, as if it were due at `scheduledTime` (default: now). */
  async fireNow(name: string, scheduledTime = new Date()): Promise<unknown> {
    const schedule = this.schedules.find((s) => s.name === name);
    if (!schedule) throw new Error(`no schedule named ${name}`);
    return this.fire(schedule, wholeSeconds(scheduledTime));
  }

  nextRuns(): Record<string, string | undefined> {
    return Object.fromEntries(this.jobs.map((job) => [job.name ?? '', job.nextRun()?.toISOString()]));
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
  }
}

const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);
