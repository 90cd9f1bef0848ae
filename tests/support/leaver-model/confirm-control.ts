import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { caseIdOf } from '../../../core/handover/departures.ts';
import { ok } from '../api.ts';
import { callerFor, pick, type LeaverModel, type LeaverSystem } from './world.ts';

/** Whoever was handed a platform-control task confirms it: they must be on staff, and the task theirs. */
export class ConfirmControl implements AsyncCommand<LeaverModel, LeaverSystem> {
  private label = '';
  constructor(private readonly index: number) {}
  check = (model: Readonly<LeaverModel>) => model.departed.length > 0;
  async run(model: LeaverModel, system: LeaverSystem) {
    const open: { caseId: string; accountId: string; kind: string; assignedTo: string }[] = [];
    for (const leaver of model.departed) {
      const c = await ok(system.steady('GET', `/departures/${caseIdOf(leaver)}`));
      for (const result of Object.values(c.accounts as Record<string, { accountId: string; controls?: { kind: string; assignedTo: string; status: string }[] }>)) {
        for (const task of result.controls ?? []) if (task.status === 'open') open.push({ caseId: c.id, accountId: result.accountId, kind: task.kind, assignedTo: task.assignedTo });
      }
    }
    if (open.length === 0) {
      this.label = 'ConfirmControl(none open)';
      system.log.push(this.label);
      return;
    }
    const task = pick(open, this.index);
    this.label = `ConfirmControl(${task.kind} of ${task.accountId} by ${task.assignedTo})`;
    system.log.push(this.label);
    expect(model.departed, 'a task is held by a leaver').not.toContain(task.assignedTo);
    const confirmed = await (await callerFor(system, task.assignedTo))('POST', `/departures/${task.caseId}/controls/confirm`, { body: { accountId: task.accountId, kind: task.kind } });
    expect(confirmed.status, confirmed.text).toBe(200);
  }
  toString = () => this.label || 'ConfirmControl';
}
