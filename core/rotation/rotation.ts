import { createHash } from 'node:crypto';
import { STEWARD } from '../auth.ts';
import { RuleViolationError } from '../errors.ts';
import { auditEntry, found, stamp } from '../registry/index.ts';
import type { Account } from '../registry/model.ts';
import { HumanHandoverPending, PlatformRefusedError } from '../errors.ts';
import { ensureCustodyTask } from './custody.ts';
import type { CustodyTask, RotationStep } from './model.ts';
import type { RotationContext, RotationLockStore } from './ports.ts';


/** The rotation token of one account in one departure case: a re-run of the case rotates with the same one. */
export const rotationTokenOf = (caseId: string, accountId: string) => createHash('sha256').update(`${caseId}/${accountId}`).digest('hex');

/**
 * Takes an account's rotation lock for one rotation (its token) before that rotation starts, so two rotations
 * of one login (a handover's and a review's, or two leavers' of a shared login) never run their steps over
 * each other. `rotated`, where given, is asked before and again after taking the lock: the lock's last holder
 * may have finished, between the first look and the lock, a rotation that makes this one needless.
 */
export async function lockRotation(store: RotationLockStore, lock: { accountId: string; token: string; ttlSeconds: number; rotated?: () => Promise<boolean> }): Promise<'locked' | 'busy' | 'rotated'> {
  const rotated = lock.rotated ?? (() => Promise.resolve(false));
  if (await rotated()) return 'rotated';
  if (!(await store.acquireRotationLock(lock.accountId, lock.token, lock.ttlSeconds))) return 'busy';
  if (await rotated()) return 'rotated';
  return 'locked';
}

async function pendingOf(ctx: RotationContext, secretId: string, token: string) {
  return found(await ctx.secrets.read(secretId, { versionId: token, stage: 'AWSPENDING' }), `the pending version ${token.slice(0, 8)}…`);
}

async function accountOf(ctx: RotationContext, accountId: string): Promise<Account> {
  return found(await ctx.store.getAccount(accountId), `account ${accountId}`);
}

/**
 * Rotation of an account's shared login, by Secrets Manager's protocol: createSecret puts a generated
 * password in a new version labelled AWSPENDING; setSecret makes it the platform's password (through the
 * connector, or through a person); testSecret logs in with it; finishSecret moves AWSCURRENT to it (the old
 * value stays as AWSPREVIOUS) and records the new version in the registry. Until finishSecret, AWSCURRENT is
 * the working password. Every step can run again with the same token and changes nothing more.
 */
export async function rotationStep(ctx: RotationContext, step: RotationStep, secretId: string, token: string, caseId?: string): Promise<void> {
  const { arn, accountId, versions } = await ctx.secrets.describe(secretId);
  const finished = versions[token]?.includes('AWSCURRENT') ?? false;
  switch (step) {
    case 'createSecret': {
      if (finished || (await ctx.secrets.read(secretId, { versionId: token, stage: 'AWSPENDING' }))) return;
      const current = found(await ctx.secrets.read(secretId, { stage: 'AWSCURRENT' }), 'the current login');
      await ctx.secrets.putPending(secretId, token, { ...current.value, password: await ctx.secrets.randomPassword(ctx.connector.policy) });
      return;
    }
    case 'setSecret': {
      if (finished) return;
      const account = await accountOf(ctx, accountId);
      const pending = await pendingOf(ctx, secretId, token);
      const login = { username: pending.value.username, password: pending.value.password };
      if ((await ctx.connector.mode(account)) === 'human') {
        const task = await ensureCustodyTask(ctx, { account, secretArn: arn, token, caseId });
        if (task.status !== 'confirmed') throw new HumanHandoverPending(task);
        if ((await ctx.connector.verifyLogin(account, login)) === false) throw new PlatformRefusedError('the custodian confirmed, but the platform does not accept the new password');
        return;
      }
      // Already set by an earlier run of this step (which then crashed): nothing to change.
      if ((await ctx.connector.verifyLogin(account, login)) === true) return;
      const current = found(await ctx.secrets.read(secretId, { stage: 'AWSCURRENT' }), 'the current login');
      await ctx.connector.changePassword(account, { username: current.value.username, current: current.value.password, next: pending.value.password });
      return;
    }
    case 'testSecret': {
      if (finished) return;
      const account = await accountOf(ctx, accountId);
      const pending = await pendingOf(ctx, secretId, token);
      if ((await ctx.connector.verifyLogin(account, { username: pending.value.username, password: pending.value.password })) === false) throw new PlatformRefusedError('the platform does not accept the new password');
      return;
    }
    case 'finishSecret': {
      if (!finished) {
        const current = found(await ctx.secrets.read(secretId, { stage: 'AWSCURRENT' }), 'the current login');
        await ctx.secrets.makeCurrent(secretId, token, current.versionId);
      }
      await recordRotation(ctx, accountId, arn, token, caseId);
      // A rotation started outside a handover (a scheduled review) holds the account's lock under its token.
      await ctx.store.releaseRotationLock(accountId, token);
      return;
    }
  }
}

/** The registry learns the new version (never the value), with an audit event; once per version. */
async function recordRotation(ctx: RotationContext, accountId: string, secretArn: string, versionId: string, caseId?: string) {
  const account = await accountOf(ctx, accountId);
  if (account.credential?.versionId === versionId) return;
  if (!account.credential) throw new RuleViolationError(`account ${accountId} has no login on record`);
  const at = stamp(ctx.now());
  const next: Account = { ...account, credential: { secretArn, versionId, setAt: at, setBy: STEWARD.personId }, version: account.version + 1, updatedAt: at };
  await ctx.store.commit({
    writes: [{ type: 'account', item: next, expectedVersion: account.version, previous: account }],
    audit: auditEntry(STEWARD, 'credential.rotated', 'account', accountId, account.credential, next.credential, caseId ? `departure ${caseId}` : 'scheduled rotation'),
  });
}
