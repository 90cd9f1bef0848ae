import { expect } from 'vitest';
import { PersonAccountCommand, callerFor, type LeaverModel, type LeaverSystem } from './world.ts';

/** Someone asks for access: the account's owner is asked to approve (a stage that must never wait on a leaver). */
export class RequestAccess extends PersonAccountCommand<{ person: number; account: number }> {
  async run(model: LeaverModel, system: LeaverSystem) {
    const { personId, account } = this.picked(model);
    const asked = await (await callerFor(system, personId))('POST', '/access-requests', { body: { accountId: account.id, role: 'viewer', reason: 'model' } });
    this.label = `RequestAccess(${personId} on ${account.id}: ${asked.status})`;
    system.log.push(this.label);
    // Refused up front when they already hold a grant, asked already, or own the account alone.
    expect([201, 409, 422], asked.text).toContain(asked.status);
  }
}
