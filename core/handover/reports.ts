import { composeEmail, sendOnce } from '../messaging/index.ts';
import { isOnStaff, stamp } from '../registry/index.ts';
import type { AccountResult, CaseStatus, DepartureCase } from './model.ts';
import type { HandoverContext } from './ports.ts';
import { loadCase, saveCase } from './cases.ts';
import { governanceTeam, handOffAssignments } from './reassignments.ts';
import { allPages } from '../paging.ts';

const waitingOnPeople = (c: DepartureCase) => Object.values(c.accounts).some((a) => a.transfer?.status === 'waiting' || a.rotation?.status === 'waiting' || a.controls?.some((t) => t.status === 'open'));

function statusOf(c: DepartureCase): CaseStatus {
  const results = Object.values(c.accounts);
  if (results.some((a) => a.transfer?.status === 'failed' || a.rotation?.status === 'failed')) return 'partial';
  return waitingOnPeople(c) ? 'waiting' : 'completed';
}

const seconds = (from: string, to?: string) => (to ? `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s` : 'not yet');

function accountLine(a: AccountResult): string {
  const parts = [`${a.accountId} (${a.relations.join(', ')})`];
  if (a.revoked) parts.push(`revoked ${a.revoked.grantIds.length} grant(s)`);
  if (a.rotation) parts.push(`login ${a.rotation.status}${a.rotation.detail ? `: ${a.rotation.detail}` : ''}`);
  if (a.transfer) parts.push(`ownership ${a.transfer.status}${a.transfer.to ? ` to ${a.transfer.to}` : ''}${a.transfer.detail ? `: ${a.transfer.detail}` : ''}`);
  for (const task of a.controls ?? []) parts.push(`${task.kind} → ${task.assignedTo} (${task.status})`);
  return parts.join('; ');
}

/**
 * The report, to HR and the governance team: per account what was done, and the times from departure to all
 * access revoked and to all logins rotated. Sent when the handover has run, and again once nothing is left
 * waiting on a person (then the case closes). Never twice for the same state.
 */
export async function report(ctx: HandoverContext, caseId: string): Promise<{ status: CaseStatus; sent: boolean }> {
  await handOffAssignments(ctx, (await loadCase(ctx, caseId, [])).personId);
  const current = await loadCase(ctx, caseId);
  const status = statusOf(current);
  const closing = status !== 'waiting';
  if (current.closedAt || (current.reportedAt && !closing)) return { status: current.status, sent: false };
  const leaver = await ctx.store.getPerson(current.personId);
  const governance = await allPages((page) => ctx.store.listPeople({ team: governanceTeam(ctx), status: 'active' }, page));
  const recipients = new Map<string, string>();
  for (const person of [await ctx.store.getPerson(current.requestedBy), ...governance]) if (isOnStaff(person, ctx.now())) recipients.set(person.id, person.email);
  const lines = [
    `Departure of ${leaver?.name ?? current.personId} (${current.personId}), effective ${current.effectiveAt}: ${status}.`,
    `All access revoked: ${seconds(current.effectiveAt, current.revokedAt)} after the departure. All logins rotated: ${seconds(current.effectiveAt, current.rotatedAt)}.`,
    ...Object.values(current.accounts).map(accountLine),
  ];
  if (Object.keys(current.accounts).length === 0) lines.push('They held no account, grant, login or platform control.');
  // However many steps report at once (the workflow, a successor's answer, a confirmation), each recipient
  // hears of each state once.
  for (const [personId, email] of recipients) await sendOnce(ctx, `departure-report/${current.id}/${closing ? 'closed' : 'waiting'}/${personId}`, composeEmail(email, `Departure ${current.id}: ${status}`, lines));
  const at = stamp(ctx.now());
  await saveCase(ctx, current, { ...current, status, reportedAt: at, ...(closing ? { closedAt: at } : {}) }, closing ? 'departure.closed' : 'departure.reported');
  return { status, sent: true };
}

/**
 * A case still waiting on people, reminded: each holder of an open platform-control task gets one email
 * listing theirs. Recorded on the case, which moves it along the due index to its next reminder.
 */
export async function remindOpenTasks(ctx: HandoverContext, caseId: string): Promise<'reminded' | 'none'> {
  const current = await loadCase(ctx, caseId);
  if (current.closedAt || current.status !== 'waiting') return 'none';
  const open = new Map<string, string[]>();
  for (const result of Object.values(current.accounts)) {
    for (const task of result.controls ?? []) if (task.status === 'open') open.set(task.assignedTo, [...(open.get(task.assignedTo) ?? []), `${task.kind} of ${result.accountId}`]);
  }
  const leaver = await ctx.store.getPerson(current.personId);
  for (const [personId, tasks] of open) {
    const person = await ctx.store.getPerson(personId);
    if (!isOnStaff(person, ctx.now())) continue;
    await sendOnce(
      ctx,
      `departure-reminder/${caseId}/${current.remindedAt ?? current.reportedAt}/${personId}`,
      composeEmail(person.email, `Reminder: move the platform controls ${leaver?.name ?? current.personId} held`, [
        `${leaver?.name ?? current.personId} has left, and still holds these on the platforms: ${tasks.join('; ')}.`,
        `Move each to yourself or a company address on the platform, then confirm it: govern departures confirm-control ${caseId} --account <id> --kind <kind>.`,
      ]),
    );
  }
  await saveCase(ctx, current, { ...current, remindedAt: stamp(ctx.now()) }, 'departure.tasks-reminded', [], `${open.size} holder(s) of open control tasks`);
  return 'reminded';
}
