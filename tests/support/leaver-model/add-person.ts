import type { AsyncCommand } from 'fast-check';
import { ok, personBody } from '../api.ts';
import { pick, type LeaverModel, type LeaverSystem } from './world.ts';

/** HR adds a person, reporting to someone already here (or to nobody). */
export class AddPerson implements AsyncCommand<LeaverModel, LeaverSystem> {
  private label = '';
  constructor(private readonly manager: number | null) {}
  check = () => true;
  async run(model: LeaverModel, system: LeaverSystem) {
    const id = `${system.run}-p${model.people.length + model.departed.length}`;
    const managerId = this.manager === null || model.people.length === 0 ? undefined : pick(model.people, this.manager);
    this.label = `AddPerson(${id}${managerId ? ` reporting to ${managerId}` : ''})`;
    system.log.push(this.label);
    await ok(system.steady('POST', '/people', { body: personBody(id, managerId ? { managerId } : {}) }));
    model.people.push(id);
  }
  toString = () => this.label || `AddPerson(manager ${this.manager})`;
}
