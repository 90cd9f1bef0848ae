import { expect } from 'vitest';
import { PersonAccountCommand, callerFor, learn, type LeaverModel, type LeaverSystem } from './world.ts';

/** Someone asks to see an account's login: shown (and known from then on) only with a grant that allows it. */
export class Reveal extends PersonAccountCommand<{ person: number; account: number }> {
  async run(model: LeaverModel, system: LeaverSystem) {
    const { personId, account } = this.picked(model);
    const revealed = await (await callerFor(system, personId))('POST', `/accounts/${account.id}/credential/reveal`, { body: { reason: 'posting the launch' } });
    this.label = `Reveal(${personId} of ${account.id}: ${revealed.status})`;
    system.log.push(this.label);
    expect([200, 403, 422], revealed.text).toContain(revealed.status);
    if (revealed.status === 200) learn(model, personId, account.id, (revealed.body as { password: string }).password);
  }
}
