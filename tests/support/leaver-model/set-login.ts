import { randomBytes } from 'node:crypto';
import { ok } from '../api.ts';
import { platformCall } from '../platform.ts';
import { PersonAccountCommand, callerFor, learn, type LeaverModel, type LeaverSystem } from './world.ts';

/** Someone stores a new login for an account (and it is set on the platform): setting a value is knowing it. */
export class SetLogin extends PersonAccountCommand<{ person: number; account: number }> {
  async run(model: LeaverModel, system: LeaverSystem) {
    const { personId: setter, account } = this.picked(model);
    this.label = `SetLogin(${setter} sets ${account.id})`;
    system.log.push(this.label);
    const password = `${randomBytes(12).toString('base64url')}-Aa1`;
    await ok((await callerFor(system, setter))('PUT', `/accounts/${account.id}/credential`, { body: { username: account.username, password } }));
    await platformCall(system.cloud.platformUrl, 'PUT', `/accounts/${account.platformAccountId}`, { username: account.username, password, passwordApi: true });
    learn(model, setter, account.id, password);
  }
}
