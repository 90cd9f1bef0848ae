import { createHash } from 'node:crypto';
import type { ApprovalRequest } from '../approvals/model.ts';
import type { ApprovalOutcomeListener } from '../approvals/ports.ts';
import { requestSuccessorAcceptance } from '../approvals/index.ts';
import { STEWARD } from '../auth.ts';
import { RuleViolationError } from '../errors.ts';
import { firstAssignable, stamp } from '../registry/index.ts';
import type { Account, Person } from '../registry/model.ts';
import { loadCase, retryOnConflict, saveCase } from './cases.ts';
import type { DepartureCase } from './model.ts';
import type { HandoverContext } from './ports.ts';
import { governanceTeam } from './reassignments.ts';
import { report } from './reports.ts';

/**
 * Succession: who takes over the accounts a leaver owned, asking them through the approval workflow, and
 * settling their answer. An account never waits for the answer without an owner who can act: an interim
 * owner holds it meanwhile.
 */

/** The successor for an account the leaver owns: the one named, else the backup owner, else the manager, else governance. */
export const successorFor = (ctx: HandoverContext, c: DepartureCase, account: Account, leaver: Person) =>
  firstAssignable(ctx.store, [c.successorId, account.backupOwnerId, leaver.managerId], governanceTeam(ctx), new Set([leaver.id]));

/** Who owns the account from the moment its only owner leaves until the successor accepts: backup, else manager, else governance. */
export const interimOwnerFor = (ctx: HandoverContext, account: Account, leaver: Person) =>
  firstAssignable(ctx.store, [account.backupOwnerId, leaver.managerId], governanceTeam(ctx), new Set([leaver.id]));

/**
 * Asks each successor, once for all the accounts passing to them, to accept them (a successor-acceptance
 * request). Returns the requests' ids; a request the rules refuse fails its transfers instead.
 */
export async function askSuccessors(ctx: HandoverContext, caseId: string, leaver: Person, bySuccessor: ReadonlyMap<string, string[]>): Promise<string[]> {
  const requests: string[] = [];
  for (const [successorId, accountIds] of bySuccessor) {
    // The request's id is known before it exists, so the case names it first: an answer can never find the
    // case not yet expecting it.
    const id = `apr-${createHash('sha256').update(`${caseId}/${successorId}`).digest('hex').slice(0, 16)}`;
    let current = await loadCase(ctx, caseId);
    const accounts = { ...current.accounts };
    for (const accountId of accountIds) {
      const transfer = accounts[accountId]!.transfer!;
      if (transfer.approvalId !== id) accounts[accountId] = { ...accounts[accountId]!, transfer: { ...transfer, approvalId: id } };
    }
    current = await saveCase(ctx, current, { ...current, accounts }, 'departure.successor-asked', [], `${successorId}: ${id}`);
    // Asked in the name of whoever requested the departure, unless that is the successor: nobody accepts a
    // request of their own, so Steward asks (found by the model-based test: the handover failed outright).
    const asker = successorId === current.requestedBy ? { personId: STEWARD.personId, roles: ['hr' as const] } : { personId: current.requestedBy, roles: ['hr' as const] };
    let request: ApprovalRequest;
    try {
      request = await requestSuccessorAcceptance(ctx, asker, { successorId, accountIds, departingPersonId: leaver.id, departureCaseId: caseId, reason: `${leaver.name} is leaving; please take over these accounts.` }, id);
    } catch (error) {
      // Refused by the rules (nobody may accept): those transfers fail with the reason, the rest of the handover goes on.
      if (!(error instanceof RuleViolationError)) throw error;
      await retryOnConflict(async () => {
        const latest = await loadCase(ctx, caseId, accountIds);
        const failed = Object.fromEntries(accountIds.map((accountId) => [accountId, { ...latest.accounts[accountId]!, transfer: { ...latest.accounts[accountId]!.transfer!, status: 'failed' as const, at: stamp(ctx.now()), detail: error.message } }]));
        await saveCase(ctx, latest, { ...latest, accounts: { ...latest.accounts, ...failed } }, 'departure.transfer-failed', [], error.message);
      });
      continue;
    }
    requests.push(request.id);
    // Asked before a crash and answered since: settle it now (settling twice changes nothing).
    if (request.kind === 'successor-acceptance' && request.status !== 'pending') await settleSuccession(ctx, request);
  }
  return requests;
}

/** The handover's listener for approval outcomes (wired where contexts are built): a successor's answer settles its case. */
export const successionSettler = (ctx: HandoverContext): ApprovalOutcomeListener => ({
  settled: (request) => (request.kind === 'successor-acceptance' ? settleSuccession(ctx, request) : Promise.resolve()),
});

/**
 * A successor's answer (the approval workflow calls this when a successor-acceptance request ends): accepted
 * accounts pass to them, in one transaction each with its audit event; otherwise the case says why.
 */
export async function settleSuccession(ctx: HandoverContext, request: Extract<ApprovalRequest, { kind: 'successor-acceptance' }>): Promise<void> {
  const caseId = request.subject.departureCaseId;
  if (!caseId) return;
  for (const accountId of request.subject.accountIds) await retryOnConflict(() => settleAccount(ctx, request, caseId, accountId));
  await retryOnConflict(() => report(ctx, caseId));
}

async function settleAccount(ctx: HandoverContext, request: Extract<ApprovalRequest, { kind: 'successor-acceptance' }>, caseId: string, accountId: string) {
  const current = await loadCase(ctx, caseId, [accountId]);
  const result = current.accounts[accountId];
  // Only the request this case asked settles it: another request naming the case changes nothing.
  if (!result?.transfer || result.transfer.status !== 'waiting' || result.transfer.approvalId !== request.id) return;
  const at = stamp(ctx.now());
  const account = await ctx.store.getAccount(accountId);
  if (request.status !== 'approved' || !account) {
    const detail = request.status === 'approved' ? 'the account is gone' : `the successor's acceptance was ${request.status}: the governance team must choose someone`;
    await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, transfer: { ...result.transfer, status: 'failed', at, detail } } } }, 'departure.transfer-failed', [], detail);
    return;
  }
  const successor = request.subject.successorId;
  const interim = account.ownerId !== current.personId && account.ownerId !== successor ? account.ownerId : undefined;
  const owned: Account = { ...account, ownerId: successor, backupOwnerId: account.backupOwnerId === successor ? interim : (account.backupOwnerId ?? interim), version: account.version + 1, updatedAt: at };
  const controls = result.controls?.map((c) => ({ ...c, assignedTo: successor }));
  await saveCase(ctx, current, { ...current, accounts: { ...current.accounts, [accountId]: { ...result, transfer: { ...result.transfer, status: 'transferred', at }, ...(controls ? { controls } : {}) } } }, 'account.ownership-transferred', [{ type: 'account', item: owned, expectedVersion: account.version, previous: account }], `${accountId} to ${successor} (${request.id})`);
}
