import type { CustodyContext, RotationContext, RotationWrite } from './ports.ts';
import { createHash } from 'node:crypto';
import { composeEmail, sendOnce, signLink, verifyLink, type LinkPage } from '../messaging/index.ts';
import { STEWARD } from '../auth.ts';
import { ConflictError, RotationStepFailed } from '../errors.ts';
import { auditEntry, exposureWrite, firstAssignable, found, isOnStaff, stamp } from '../registry/index.ts';
import type { Account } from '../registry/model.ts';
import type { CustodyTask } from './model.ts';


/**
 * A human handover task: the platform has no password API, so a custodian (the account's new owner) sets the
 * pending password on the platform. Their email link leads to a page that reveals the pending password once,
 * then asks them to confirm; the confirmation wakes the rotation, which then tests and finishes it. The page
 * is as scanner-safe as the approval pages: GET only shows, POSTs from the page itself do the rest.
 */

const LINK_DAYS = 7;

/**
 * The custody task of a rotation, from its token: the same rotation always has the same task, however often its
 * step runs.
 */
export const custodyTaskIdOf = (token: string) => `ht-${createHash('sha256').update(token).digest('hex').slice(0, 20)}`;

/** Who sets the new password: the account's owner, else its backup owner, else the governance team; never a leaver. */
async function custodianFor(ctx: CustodyContext, account: Account): Promise<string> {
  return found(await firstAssignable(ctx.store, [account.ownerId, account.backupOwnerId], ctx.rules.groups.governance?.team ?? 'governance'), 'an active member of the governance team');
}

async function saveTask(ctx: CustodyContext, current: CustodyTask | undefined, next: CustodyTask, action: string, extra: RotationWrite[] = []) {
  const stamped = current ? { ...next, version: current.version + 1, updatedAt: stamp(ctx.now()) } : next;
  await ctx.store.commit({ writes: [...extra, { type: 'custody-task', item: stamped, expectedVersion: current ? current.version : null }], audit: auditEntry(STEWARD, action, 'custody-task', next.id, current ? { status: current.status } : undefined, { status: stamped.status, accountId: next.accountId, custodianId: next.custodianId }) });
  return stamped;
}

/** The task for this rotation, created (and its custodian emailed) once. */
export async function ensureCustodyTask(ctx: RotationContext, input: { account: Account; secretArn: string; token: string; caseId?: string }): Promise<CustodyTask> {
  const id = custodyTaskIdOf(input.token);
  let task = await ctx.store.getCustodyTask(id);
  if (!task) {
    const at = stamp(ctx.now());
    const created: CustodyTask = { id, accountId: input.account.id, secretArn: input.secretArn, token: input.token, custodianId: await custodianFor(ctx, input.account), caseId: input.caseId, status: 'open', version: 1, createdAt: at, updatedAt: at };
    try {
      task = await saveTask(ctx, undefined, created, 'custody.task-created', [{ type: 'assignable', personId: created.custodianId }]);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Made by a concurrent run, or the custodian began leaving meanwhile (then the step's retry picks another).
      task = await ctx.store.getCustodyTask(id);
      if (!task) throw error;
    }
  }
  if (!task.notifiedAt) task = await notifyCustodian(ctx, task, input.account);
  return task;
}

/** Emails the custodian their link to the task, once per task and custodian (the outbox's key), then records that it went. */
async function notifyCustodian(ctx: CustodyContext, task: CustodyTask, account: Account): Promise<CustodyTask> {
  const custodian = found(await ctx.store.getPerson(task.custodianId), `person ${task.custodianId}`);
  const link = await signLink(ctx.links, { requestId: task.id, stage: 0, round: 0, approverId: task.custodianId, expiresAt: Math.floor(ctx.now().getTime() / 1000) + LINK_DAYS * 86_400 });
  await sendOnce(
    ctx,
    `custody/${task.id}/${task.custodianId}`,
    composeEmail(
      custodian.email,
      `Action needed: set the new password of ${account.displayName}`,
      [
        `The shared login of ${account.displayName} (${account.platform} ${account.handle}) must change: someone who knew it has left.`,
        'The platform has no way for Steward to change it, so you are asked to. The link below shows the new password once; set it on the platform, then confirm on the same page. Until you confirm, the current password keeps working.',
        `The link works for ${LINK_DAYS} days.`,
      ],
      [['Account', `${account.id}`], ['Platform account id', account.platformAccountId]],
      { label: 'Set the new password', url: `${ctx.publicUrl}/handover/${link}` },
    ),
  );
  return saveTask(ctx, task, { ...task, notifiedAt: stamp(ctx.now()) }, 'custody.custodian-notified');
}

/**
 * The custodian is leaving: the task goes to the account's next custodian, who is emailed a link of their own
 * (the leaver's link stops working, since it names them). A leaver who already saw the pending password knows
 * the value this rotation sets: their exposure is recorded, so their own handover rotates the login again.
 */
export async function reassignCustody(ctx: CustodyContext, task: CustodyTask, leaverId: string): Promise<void> {
  if (task.status === 'confirmed' || task.custodianId !== leaverId) return;
  const account = found(await ctx.store.getAccount(task.accountId), `account ${task.accountId}`);
  const custodianId = await custodianFor(ctx, account);
  const { notifiedAt: _sent, ...rest } = task;
  let moved: CustodyTask;
  try {
    moved = await saveTask(ctx, task, { ...rest, custodianId }, 'custody.custodian-reassigned', [{ type: 'assignable', personId: custodianId }]);
  } catch (error) {
    // Changed meanwhile (confirmed, or moved by a concurrent run): the next handover step looks again.
    if (error instanceof ConflictError) return;
    throw error;
  }
  await notifyCustodian(ctx, moved, account);
}

/** Parks the workflow's token for the task, then answers it at once if the custodian already confirmed. */
export async function awaitCustodian(ctx: RotationContext, input: { token: string; taskToken: string }): Promise<'waiting' | 'answered'> {
  const id = custodyTaskIdOf(input.token);
  await ctx.store.parkWait({ owner: { kind: 'custody', id }, taskToken: input.taskToken, parkedAt: stamp(ctx.now()) });
  const task = found(await ctx.store.getCustodyTask(id), `task ${id}`);
  if (task.status !== 'confirmed') return 'waiting';
  await ctx.callbacks.succeed(input.taskToken, { taskId: id, confirmed: true });
  return 'answered';
}

const page = (status: number, title: string, ...lead: string[]): LinkPage => ({ status, content: { title, lead } });
const CONFIRM = { name: 'action', value: 'confirm', label: 'I have set it on the platform', style: 'approve' as const };

async function taskOfLink(ctx: RotationContext, link: string): Promise<{ task: CustodyTask; account: Account } | LinkPage> {
  const verdict = await verifyLink(ctx.links, link, ctx.now());
  if (!verdict.ok) return verdict.reason === 'expired' ? page(410, 'This link has expired', 'Ask the governance team for a new one. Nothing was changed.') : page(400, 'This link is not valid', 'Use the link from your email exactly as it came. Nothing was changed.');
  const task = await ctx.store.getCustodyTask(verdict.claims.requestId);
  if (!task || task.custodianId !== verdict.claims.approverId) return page(400, 'This link is not valid', 'Use the link from your email exactly as it came. Nothing was changed.');
  if (!isOnStaff(await ctx.store.getPerson(task.custodianId), ctx.now())) return page(403, 'You can no longer do this', 'Only people still on staff keep custody of a company login. Nothing was changed; the governance team has been asked instead.');
  return { task, account: found(await ctx.store.getAccount(task.accountId), `account ${task.accountId}`) };
}

const facts = (account: Account): [string, string][] => [
  ['Account', `${account.displayName}: ${account.platform} ${account.handle} (${account.id})`],
  ['Platform account id', account.platformAccountId],
];

/** GET: what is asked, and the button that reveals the password (nothing is revealed by opening the link). */
export async function viewCustody(ctx: RotationContext, link: string, csrf: string): Promise<LinkPage> {
  const found = await taskOfLink(ctx, link);
  if ('status' in found) return found;
  const { task, account } = found;
  if (task.status === 'confirmed') return { status: 200, content: { title: 'Done', lead: [`You confirmed the new password at ${task.confirmedAt}. Thank you.`], facts: facts(account) } };
  return {
    status: 200,
    content: {
      title: `Set the new password of ${account.displayName}`,
      lead: task.status === 'open' ? ['Press the button to see the new password (once). Then set it on the platform and confirm here.'] : [`You saw the new password at ${task.revealedAt}. Set it on the platform, then confirm.`],
      facts: facts(account),
      form: { csrf, buttons: [task.status === 'open' ? { name: 'action', value: 'reveal', label: 'Show the new password' } : CONFIRM] },
    },
  };
}

/** POST reveal: shows the pending password, once, and records that the custodian now knows it. */
export async function revealCustody(ctx: RotationContext, link: string, csrf: string): Promise<LinkPage> {
  const found = await taskOfLink(ctx, link);
  if ('status' in found) return found;
  const { task, account } = found;
  if (task.status !== 'open') return page(409, 'Already shown', `The new password was shown at ${task.revealedAt ?? task.confirmedAt}; it is shown only once. If you lost it, ask the governance team to start over.`);
  const pending = await ctx.secrets.read(task.secretArn, { versionId: task.token, stage: 'AWSPENDING' });
  if (!pending) return page(410, 'Nothing to set', 'The rotation this link was for is no longer pending. Nothing was changed.');
  // To change it, the custodian signs in to the platform with the current password: they see both, once.
  const current = await ctx.secrets.read(task.secretArn, { stage: 'AWSCURRENT' });
  const at = stamp(ctx.now());
  const exposure = await exposureWrite(ctx.store, { personId: task.custodianId, accountId: task.accountId, versionId: task.token, way: 'custody', at });
  try {
    await saveTask(ctx, task, { ...task, status: 'revealed', revealedAt: at }, 'custody.password-revealed', [exposure]);
  } catch (error) {
    if (error instanceof ConflictError) return page(409, 'Already shown', 'The new password was just shown in another window; it is shown only once.');
    throw error;
  }
  return {
    status: 200,
    content: {
      title: `The new password of ${account.displayName}`,
      lead: ['Sign in to the platform with the current password, set the new one below (it is shown only this once), then press the button.'],
      facts: [...facts(account), ['Username', pending.value.username], ['Current password (to sign in)', current?.value.password ?? '(unknown)']],
      secret: pending.value.password,
      form: { csrf, buttons: [CONFIRM] },
    },
  };
}

/** POST confirm: where the platform can check a login it must accept the new password; then the rotation resumes. */
export async function confirmCustody(ctx: RotationContext, link: string): Promise<LinkPage> {
  const found = await taskOfLink(ctx, link);
  if ('status' in found) return found;
  const { task, account } = found;
  if (task.status === 'confirmed') return page(200, 'Done', `You confirmed at ${task.confirmedAt}.`);
  if (task.status !== 'revealed') return page(409, 'Show the password first', 'Open the link again and show the new password before confirming.');
  const pending = await ctx.secrets.read(task.secretArn, { versionId: task.token, stage: 'AWSPENDING' });
  if (pending && (await ctx.connector.verifyLogin(account, { username: pending.value.username, password: pending.value.password })) === false) {
    return page(409, 'Not yet', 'The platform does not accept the new password yet. Set it on the platform, then confirm again. The current password still works meanwhile.');
  }
  try {
    await saveTask(ctx, task, { ...task, status: 'confirmed', confirmedAt: stamp(ctx.now()) }, 'custody.confirmed');
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const wait = await ctx.store.parkedWait({ kind: 'custody', id: task.id });
  if (wait) await ctx.callbacks.succeed(wait.taskToken, { taskId: task.id, confirmed: true });
  // Outside a handover, Secrets Manager started the rotation: its remaining steps run now. Should one fail,
  // Secrets Manager's own retry of the pending rotation finishes it later; the custodian has done their part.
  else if (!task.caseId) {
    try {
      await ctx.rotations.finish(task.secretArn, task.token);
    } catch (error) {
      if (!(error instanceof RotationStepFailed)) throw error;
      return page(202, 'Thank you', 'Steward could not finish the change yet and will try again on its own. The current password still works meanwhile. You can close this page.');
    }
  }
  return page(200, 'Thank you', 'Steward now checks the new password and makes it the current one. You can close this page.');
}
