import { memoryContext, type MemoryContext, type MemoryContextOptions } from '../../adapters/memory/context.ts';
import { decide } from '../../core/approvals/decisions.ts';
import { advance, finish, parkStageWait } from '../../core/approvals/progress.ts';
import { requestAccess } from '../../core/approvals/requests.ts';
import type { ApprovalRules } from '../../core/approvals/rules.ts';
import type { Principal } from '../../core/auth.ts';
import { HumanHandoverPending, RotationInProgress, recordableErrorNames } from '../../core/errors.ts';
import { requestDeparture } from '../../core/handover/departures.ts';
import { handOver, markRotated, openCase, recordRotationResult, revokeAll, rotationStart, scheduleOf } from '../../core/handover/steps.ts';
import { report } from '../../core/handover/reports.ts';
import type { DepartureCase } from '../../core/handover/model.ts';
import { addAccount } from '../../core/registry/accounts.ts';
import { setCredential } from '../../core/registry/credentials.ts';
import { grantAccess } from '../../core/registry/grants.ts';
import type { Account, AccountInput, Grant, GrantInput, Person, PersonInput, Policy, PolicyInput } from '../../core/registry/model.ts';
import { addPerson } from '../../core/registry/people.ts';
import { addPolicy } from '../../core/registry/policies.ts';
import { sweepKinds, type SweepKind } from '../../core/reviews/model.ts';
import { reassignReviewsOf } from '../../core/reviews/reviews.ts';
import { planSweeps, sweepItem, sweepPage, type ItemOutcome } from '../../core/reviews/sweeps.ts';
import { awaitCustodian, custodyTaskIdOf } from '../../core/rotation/custody.ts';
import { rotationStep } from '../../core/rotation/rotation.ts';

/**
 * A registry built through the rules on the memory context, and the workflows' steps run in the order their
 * state machines run them (workflows/*.asl.json): what the rule tests beside the code (core/**\/*.test.ts)
 * start from. Nothing here writes to the store directly: each person, account, grant and login is made by the
 * rule that makes it in the API, audited.
 */

/** The governance lead: admin and HR, in the governance team, who adds everyone else. */
export const ROOT: Principal = { personId: 'root', roles: ['admin', 'hr'] };

/** How the rules see a person acting for themselves (employee, owner and approver of their own things). */
export const as = (personId: string): Principal => ({ personId, roles: ['employee', 'owner', 'approver'] });

/** A fresh memory context whose registry holds the governance lead. */
export async function world(options: MemoryContextOptions = {}): Promise<MemoryContext> {
  const ctx = memoryContext(options);
  await addPerson(ctx, { ...ROOT, firstPerson: true }, { id: ROOT.personId, email: 'root@example.com', name: 'Root', team: 'governance', trainingExpiresAt: '2099-12-31' });
  return ctx;
}

/** A person in the registry, trained until 2099, in the marketing team unless told otherwise. */
export async function person(ctx: MemoryContext, id: string, extra: Partial<PersonInput> = {}): Promise<Person> {
  return addPerson(ctx, ROOT, { id, email: `${id}@example.com`, name: `Person ${id}`, team: 'marketing', trainingExpiresAt: '2099-12-31', ...extra });
}

let accounts = 0;

/** An active account, low risk, owned by `ownerId`; its handle and platform id are new each time. */
export async function account(ctx: MemoryContext, ownerId: string, extra: Partial<AccountInput> = {}): Promise<Account> {
  const n = ++accounts;
  return addAccount(ctx, ROOT, {
    platform: 'x',
    handle: `@brand${n}`,
    platformAccountId: `pid-${n}`,
    displayName: `Brand ${n}`,
    url: `https://x.com/brand${n}`,
    scope: 'external',
    purpose: 'Announcements',
    team: 'marketing',
    ownerId,
    riskTier: 'low',
    ...extra,
  });
}

/** A grant by the governance lead: publisher, no login unless `credentialAccess`, no expiry unless `expiresAt`. */
export async function grant(ctx: MemoryContext, accountId: string, personId: string, extra: Partial<GrantInput> = {}): Promise<Grant> {
  return grantAccess(ctx, ROOT, accountId, { personId, role: 'publisher', reason: 'campaign work', ...extra });
}

/** A policy owned by `ownerId`, reviewed yearly, covering nothing unless told. */
export async function policy(ctx: MemoryContext, id: string, ownerId: string, extra: Partial<PolicyInput> = {}): Promise<Policy> {
  return addPolicy(ctx, ROOT, { id, title: `Policy ${id}`, kind: 'policy', documentVersion: '1.0', documentUrl: 'https://intranet.example.com/policy', covers: {}, reviewCadence: 'annual', ownerId, nextReviewAt: '2027-01-01', ...extra });
}

let logins = 0;

/**
 * Stores a login for the account (set by `by`, who then knows it) and gives the platform the same one, with a
 * password API or without (then a person sets each new password). Returns the password.
 */
export async function login(ctx: MemoryContext, account: Account, options: { passwordApi: boolean; by?: Principal }): Promise<string> {
  const value = { username: `user-${account.platformAccountId}`, password: `first-password-${++logins}` };
  await setCredential(ctx, options.by ?? ROOT, account.id, value, `login-${logins}`);
  ctx.connector.register(account.platformAccountId, value, { passwordApi: options.passwordApi });
  return value.password;
}

/** HR asks for the person's departure (now, unless `effectiveAt`), and gets the case. */
export async function depart(ctx: MemoryContext, personId: string, extra: { successorId?: string; effectiveAt?: string } = {}): Promise<DepartureCase> {
  return (await requestDeparture(ctx, ROOT, { personId, ...extra })).case;
}

let tokens = 0;

/**
 * The approval workflow until it waits for a decision or ends: Advance, then AwaitDecision (a parked task
 * token) or Finish. A decision, a withdrawal or a timer ends the wait; the test then drives it on again.
 */
export async function driveApproval(ctx: MemoryContext, requestId: string): Promise<'waiting' | 'finished'> {
  for (let steps = 0; steps < 100; steps++) {
    const next = await advance(ctx, requestId);
    if (next.next === 'finish') {
      await finish(ctx, requestId);
      return 'finished';
    }
    if ((await parkStageWait(ctx, { requestId, stage: next.stage, taskToken: `task-${requestId}-${next.stage}-${++tokens}` })) === 'waiting') return 'waiting';
  }
  throw new Error(`approval ${requestId} did not settle in 100 steps`);
}

/** Where the handover workflow stands after a run: reported, or its rotations waiting on custodians or a lock. */
export interface HandoverRun {
  status: 'reported' | 'waiting';
  /** Accounts whose rotation waits for a custodian's confirmation. */
  custody: string[];
  /** Accounts whose rotation another holds the lock of (the workflow retries them). */
  busy: string[];
}

/**
 * The handover workflow (workflows/handover.asl.json): its wait until the departure takes effect (the clock is
 * moved there), Open, Revoke, HandOver, ReassignReviews, each login's rotation, LoginsRotated and Report. A
 * rotation that waits for a custodian parks its token and the run stops there, as the execution would wait;
 * running it again once they confirmed carries it on (every step skips what it did already).
 */
export async function runHandover(ctx: MemoryContext, caseId: string): Promise<HandoverRun> {
  const { effectiveAt } = await scheduleOf(ctx, caseId);
  if (effectiveAt > ctx.now().toISOString()) ctx.clock.set(effectiveAt);
  const plan = await openCase(ctx, caseId);
  await revokeAll(ctx, caseId);
  await handOver(ctx, caseId);
  await reassignReviewsOf(ctx, (await ctx.store.getDeparture(caseId, []))!.personId);
  const run: HandoverRun = { status: 'waiting', custody: [], busy: [] };
  for (const { accountId } of plan.rotate) {
    const outcome = await rotateLogin(ctx, caseId, accountId);
    if (outcome !== 'done') run[outcome].push(accountId);
  }
  if (run.custody.length > 0 || run.busy.length > 0) return run;
  await markRotated(ctx, caseId);
  await report(ctx, caseId);
  return { ...run, status: 'reported' };
}

/** One item of the RotateLogins map, from StartRotation to RotationDone or RotationFailed. */
async function rotateLogin(ctx: MemoryContext, caseId: string, accountId: string): Promise<'done' | 'custody' | 'busy'> {
  try {
    const start = await rotationStart(ctx, caseId, accountId);
    if (start.done) return 'done';
    const step = (name: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret') => rotationStep(ctx, name, start.secretId, start.token, caseId);
    await step('createSecret');
    try {
      await step('setSecret');
    } catch (error) {
      if (!(error instanceof HumanHandoverPending)) throw error;
      const task = await ctx.store.getCustodyTask(custodyTaskIdOf(start.token));
      await recordRotationResult(ctx, caseId, accountId, { status: 'waiting', detail: `${task?.custodianId ?? 'a custodian'} sets the new password on the platform` });
      if ((await awaitCustodian(ctx, { token: start.token, taskToken: `custody-${start.token}` })) === 'waiting') return 'custody';
      await step('setSecret');
    }
    await step('testSecret');
    await step('finishSecret');
    await recordRotationResult(ctx, caseId, accountId, { status: 'rotated' });
  } catch (error) {
    // StartRotation retries a held lock for a minute and more; the run stops here, and a later one resumes.
    if (error instanceof RotationInProgress) return 'busy';
    const name = (error as Error).name;
    await recordRotationResult(ctx, caseId, accountId, { status: 'failed', detail: recordableErrorNames.has(name) ? (error as Error).message : `${name} (retried, then given up)` });
  }
  return 'done';
}

/**
 * One run of the reviews workflow's sweeps (workflows/reviews.asl.json): each sweep of the kinds, a page at a
 * time, each item handled once. Returns how many items ended how.
 */
export async function runSweeps(ctx: MemoryContext, options: { kinds?: readonly SweepKind[]; runId?: string; pageSize?: number } = {}): Promise<Partial<Record<ItemOutcome, number>>> {
  const outcomes: Partial<Record<ItemOutcome, number>> = {};
  for (const sweep of planSweeps(options.kinds ?? sweepKinds)) {
    let next: string | undefined;
    do {
      const page = await sweepPage(ctx, sweep, { limit: options.pageSize ?? 100, next });
      for (const ref of page.refs) {
        const outcome = await sweepItem(ctx, sweep, ref, options.runId ?? 'run-1');
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      next = page.next;
    } while (next);
  }
  return outcomes;
}

/**
 * The token of the last link of this kind (`decide`, `review`, `handover`) emailed to the person, if any; with
 * `about`, of the last such email whose subject names it (a request's id, an account's name).
 */
export function lastLink(ctx: MemoryContext, personId: string, kind: 'decide' | 'review' | 'handover' = 'decide', about?: string): string | undefined {
  const pattern = new RegExp(`/${kind}/([A-Za-z0-9_.-]+)`);
  return ctx.mailer
    .to(`${personId}@example.com`)
    .filter((email) => about === undefined || email.subject.includes(about))
    .map((email) => pattern.exec(email.text)?.[1])
    .filter((token) => token !== undefined)
    .at(-1);
}

/** What a link page's form carries besides its buttons (the handler checks the CSRF value; the rules only need one). */
export const CSRF = 'csrf-value-of-the-page';

/**
 * The organisation of the approval tests: Olivia owns the account (of `tier`, low unless told) that Rita asks
 * for; Gail and Gus are the governance team with Root; Sam is security.
 */
export async function approvalsWorld(options: { rules?: ApprovalRules; tier?: Account['riskTier'] } = {}): Promise<{ ctx: MemoryContext; brand: Account }> {
  const ctx = await world({ rules: options.rules });
  for (const id of ['olivia', 'rita']) await person(ctx, id);
  for (const id of ['gail', 'gus']) await person(ctx, id, { team: 'governance' });
  await person(ctx, 'sam', { team: 'security' });
  return { ctx, brand: await account(ctx, 'olivia', { riskTier: options.tier ?? 'low' }) };
}

/** Rita (or `by`) asks for publishing access to the account. */
export const askFor = (ctx: MemoryContext, brand: Account, by = 'rita') => requestAccess(ctx, as(by), { accountId: brand.id, role: 'publisher', reason: 'Covering the launch week' });

/** The approver decides by the last link they were emailed. */
export const decideByLink = (ctx: MemoryContext, approverId: string, decision: 'approve' | 'reject' = 'approve') => decide(ctx, lastLink(ctx, approverId)!, { decision, csrf: CSRF });

/** The workflow opens the first stage, the account's owner approves it, and the workflow opens the next. */
export async function pastTheOwner(ctx: MemoryContext, requestId: string): Promise<void> {
  await driveApproval(ctx, requestId);
  await decideByLink(ctx, 'olivia');
  await driveApproval(ctx, requestId);
}

/** Rita's request, its first stage open and the workflow waiting on its parked token. */
export async function waitingRequest(options: Parameters<typeof approvalsWorld>[0] = {}) {
  const { ctx, brand } = await approvalsWorld(options);
  const request = await askFor(ctx, brand);
  await driveApproval(ctx, request.id);
  return { ctx, brand, request, parked: (await ctx.store.parkedWait({ kind: 'approval', id: request.id }))! };
}
