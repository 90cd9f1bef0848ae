import type { AsyncCommand } from 'fast-check';
import { ok } from '../api.ts';
import { checkAfterDeparture, pick, settle, type LeaverModel, type LeaverSystem } from './world.ts';

/** One or several people leave at the same moment; once their handovers settle, every promise is checked. */
export class Depart implements AsyncCommand<LeaverModel, LeaverSystem> {
  private label = '';
  constructor(private readonly who: number[]) {}
  check = (model: Readonly<LeaverModel>) => model.people.length > 0;
  async run(model: LeaverModel, system: LeaverSystem) {
    const leavers = [...new Set(this.who.map((i) => pick(model.people, i)))];
    this.label = `Depart(${leavers.join(' + ')})`;
    system.log.push(this.label);
    await Promise.all(leavers.map((personId) => ok(system.steady('POST', '/departures', { body: { personId } }))));
    model.people = model.people.filter((id) => !leavers.includes(id));
    model.departed.push(...leavers);
    await settle(system, leavers);
    await checkAfterDeparture(model, system);
  }
  toString = () => this.label || `Depart(${this.who.join(',')})`;
}
