import { expect } from 'vitest';
import { PersonAccountCommand, type LeaverModel, type LeaverSystem } from './world.ts';

/** A grant, with or without the right to reveal the shared login. A second live grant is refused (409). */
export class Grant extends PersonAccountCommand<{ person: number; account: number; credentialAccess: boolean }> {
  async run(model: LeaverModel, system: LeaverSystem) {
    const { personId, account } = this.picked(model);
    this.label = `Grant(${personId} on ${account.id}${this.choice.credentialAccess ? ' with the login' : ''})`;
    system.log.push(this.label);
    const granted = await system.steady('POST', `/accounts/${account.id}/grants`, { body: { personId, role: 'publisher', credentialAccess: this.choice.credentialAccess, reason: 'model' } });
    expect([201, 409], granted.text).toContain(granted.status);
  }
}
