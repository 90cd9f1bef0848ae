import type { AsyncCommand } from 'fast-check';
import { accountBody, ok } from '../api.ts';
import { pick, type LeaverModel, type LeaverSystem } from './world.ts';

/** An account with an owner, perhaps a backup, and platform-side controls held by people here. */
export class AddAccount implements AsyncCommand<LeaverModel, LeaverSystem> {
  private label = '';
  constructor(private readonly choice: { owner: number; backup: number | null; nativeAdmins: number[]; twoFactor: number | null }) {}
  check = (model: Readonly<LeaverModel>) => model.people.length > 0;
  async run(model: LeaverModel, system: LeaverSystem) {
    const ownerId = pick(model.people, this.choice.owner);
    const backup = this.choice.backup === null ? undefined : pick(model.people, this.choice.backup);
    const backupOwnerId = backup === ownerId ? undefined : backup;
    const admins = [...new Set(this.choice.nativeAdmins.map((i) => pick(model.people, i)))];
    const twoFactor = this.choice.twoFactor === null ? undefined : pick(model.people, this.choice.twoFactor);
    const body = accountBody(ownerId, {
      riskTier: 'low',
      ...(backupOwnerId ? { backupOwnerId } : {}),
      platformControl: { nativeAdmins: admins.map((personId) => ({ personId, name: personId })), ...(twoFactor ? { twoFactor: { method: 'totp', holderId: twoFactor } } : {}) },
    });
    const account = await ok(system.steady('POST', '/accounts', { body }));
    model.accounts.push({ id: account.id, platformAccountId: account.platformAccountId, username: `user-${account.id}` });
    this.label = `AddAccount(${account.id} owner ${ownerId}${backupOwnerId ? ` backup ${backupOwnerId}` : ''}; admins ${admins.join(',') || '-'}; 2FA ${twoFactor ?? '-'})`;
    system.log.push(this.label);
  }
  toString = () => this.label || 'AddAccount';
}
