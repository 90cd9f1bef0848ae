import { excuseApprover } from '../approvals/index.ts';
import { firstAssignable } from '../registry/index.ts';
import { reassignCustody } from '../rotation/index.ts';
import { loadCase, retryOnConflict, saveCase } from './cases.ts';
import type { HandoverContext } from './ports.ts';

/** The registry team that takes over whatever nobody else can: the approval rules' governance group. */
export const governanceTeam = (ctx: HandoverContext) => ctx.rules.groups.governance?.team ?? 'governance';

/**
 * Whatever others handed the leaver (platform-control tasks of other cases, approval stages waiting for them,
 * custody of a pending password) goes to someone who stays. Run by the handover and again by each report,
 * since an index read just after another case's write may not show it yet.
 */
export async function handOffAssignments(ctx: HandoverContext, leaverId: string) {
  for (const { caseId, accountId } of await ctx.store.openTasksOf(leaverId)) await retryOnConflict(() => reassignControlTasks(ctx, caseId, accountId, leaverId));
  for (const requestId of await ctx.store.approvalsAwaiting(leaverId)) await excuseApprover(ctx, requestId, leaverId);
  for (const task of await ctx.store.openCustodyTasksOf(leaverId)) await reassignCustody(ctx, task, leaverId);
}

async function reassignControlTasks(ctx: HandoverContext, caseId: string, accountId: string, leaverId: string) {
  const current = await loadCase(ctx, caseId, [accountId]);
  const result = current.accounts[accountId];
  if (!result?.controls?.some((t) => t.status === 'open' && t.assignedTo === leaverId)) return;
  const account = await ctx.store.getAccount(accountId);
  const to = await firstAssignable(ctx.store, [account?.ownerId, account?.backupOwnerId], governanceTeam(ctx), new Set([leaverId, current.personId]));
  // Nobody at all is left: the task stays open on the leaver and the case's report says who holds it.
  if (!to) return;
  const controls = result.controls.map((t) => (t.status === 'open' && t.assignedTo === leaverId ? { ...t, assignedTo: to } : t));
  await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, controls } } }, 'departure.controls-reassigned', [{ type: 'assignable', personId: to }], `${accountId}: ${leaverId} is leaving; to ${to}`);
}
