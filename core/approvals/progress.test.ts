import { trailLength } from '../../tests/support/audit.ts';
import { describe, expect, it } from 'vitest';
import { approvalRules } from '../../config/approval-rules.ts';
import type { MemoryContext } from '../../adapters/memory/context.ts';
import { approvalsWorld, as, askFor, CSRF, decideByLink, depart, driveApproval, lastLink, pastTheOwner, person, waitingRequest } from '../../tests/support/memory-world.ts';
import { viewLink } from './decisions.ts';
import { excuseApprover, finish, parkStageWait, advance } from './progress.ts';
import { requestAccount, withdrawApproval } from './requests.ts';
import { ForbiddenError, RuleViolationError } from '../errors.ts';
import type { ApprovalRules } from './rules.ts';

const HOUR = 3600_000;

const requestOf = async (ctx: MemoryContext, id: string) => (await ctx.store.getApproval(id))!;
const subjects = (ctx: MemoryContext, personId: string) => ctx.mailer.to(`${personId}@example.com`).map((email) => email.subject);

describe('a request’s stages', () => {
  it('open when the workflow starts: each approver is emailed a link, the deadline and reminder are set', async () => {
    const { ctx, brand } = await approvalsWorld();
    const request = await askFor(ctx, brand);
    expect(request.stages[0]).toMatchObject({ status: 'waiting', approvers: ['olivia'] });
    expect(ctx.workflow.names()).toEqual([request.id]);
    expect(await driveApproval(ctx, request.id)).toBe('waiting');
    const started = (await requestOf(ctx, request.id)).stages[0]!;
    const now = ctx.now().getTime();
    expect(started).toMatchObject({ status: 'pending', round: 0, notifiedRound: 0, startedAt: new Date(now).toISOString(), deadlineAt: new Date(now + 72 * HOUR).toISOString(), remindAt: new Date(now + 48 * HOUR).toISOString() });
    expect(subjects(ctx, 'olivia')).toEqual([`Approval needed: Access request ${request.id}`]);
    expect(await ctx.store.approvalsAwaiting('olivia')).toEqual([request.id]);
  });

  it('never ask the requester: an owner asking for their own account is asked of the fallback group', async () => {
    const { ctx, brand } = await approvalsWorld();
    const request = await askFor(ctx, brand, 'olivia');
    expect(request.stages[0]!.approvers).toEqual(['gail', 'gus', 'root']);
  });

  it('move on when an "any" stage is approved, and an approved request becomes a grant, applied and told once', async () => {
    const { ctx, brand } = await approvalsWorld({ tier: 'medium' });
    const request = await askFor(ctx, brand);
    await driveApproval(ctx, request.id);
    const parked = (await ctx.store.parkedWait({ kind: 'approval', id: request.id }))!;
    expect((await decideByLink(ctx, 'olivia')).status).toBe(200);
    expect(ctx.callbacks.answerOf(parked.taskToken)).toMatchObject({ outcome: 'succeeded', output: { decision: 'approved', stage: 0 } });
    expect(await driveApproval(ctx, request.id)).toBe('waiting');
    expect((await requestOf(ctx, request.id)).stages[1]).toMatchObject({ status: 'pending', approvers: ['gail', 'gus', 'root'] });
    await decideByLink(ctx, 'gus');
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    const done = await requestOf(ctx, request.id);
    expect(done).toMatchObject({ status: 'approved', outcome: { by: 'gus', grantId: `gr-${request.id.slice(4)}` } });
    expect(await ctx.store.getGrant(brand.id, done.outcome!.grantId!)).toMatchObject({ personId: 'rita', status: 'active', approvalId: request.id });
    expect(subjects(ctx, 'rita')).toEqual([`Access request ${request.id}: approved`]);
    // Finishing again (a retried step) applies and tells nothing twice.
    const eventsBefore = await trailLength(ctx.store);
    await finish(ctx, request.id);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
    expect(subjects(ctx, 'rita')).toHaveLength(1);
  });

  it('need every approver of an "all" stage, and one rejection ends the request', async () => {
    const { ctx, brand } = await approvalsWorld({ tier: 'critical' });
    const request = await askFor(ctx, brand);
    await pastTheOwner(ctx, request.id);
    await decideByLink(ctx, 'gail');
    expect((await requestOf(ctx, request.id)).stages[1]).toMatchObject({ mode: 'all', status: 'pending' });
    expect(await ctx.store.approvalsAwaiting('gail')).toEqual([]);
    expect(await ctx.store.approvalsAwaiting('gus')).toEqual([request.id]);
    await decideByLink(ctx, 'gus', 'reject');
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    expect(await requestOf(ctx, request.id)).toMatchObject({ status: 'rejected', outcome: { by: 'gus' } });
    expect(await ctx.store.grantsOfPerson('rita')).toEqual([]);
    expect(await ctx.store.approvalsAwaiting('root')).toEqual([]);
  });

  it('keep whoever decided an earlier stage off the later ones, and expire a stage nobody else may decide', async () => {
    const rules: ApprovalRules = {
      ...approvalRules,
      groups: { ...approvalRules.groups, board: { team: 'board' } },
      kinds: { ...approvalRules.kinds, 'new-account': { ...approvalRules.kinds['new-account'], low: [0, 1].map((i) => ({ name: `Board ${i + 1}`, approvers: 'board', mode: 'any' as const, deadlineHours: 24, reminderBeforeHours: 1 })) } },
    };
    const { ctx } = await approvalsWorld({ rules });
    await person(ctx, 'bea', { team: 'board' });
    const request = await requestAccount(ctx, as('rita'), { account: { platform: 'x', handle: '@new', platformAccountId: 'pid-new', displayName: 'New', url: 'https://x.com/new', scope: 'external', purpose: 'p', team: 'marketing', ownerId: 'rita', riskTier: 'low' }, reason: 'A new market' });
    await driveApproval(ctx, request.id);
    await decideByLink(ctx, 'bea');
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    const ended = await requestOf(ctx, request.id);
    expect(ended.stages[1]).toMatchObject({ approvers: [], status: 'expired' });
    expect(ended).toMatchObject({ status: 'expired' });
    expect((await ctx.store.auditOf('approval', request.id)).find((e) => e.action === 'approval.stage-started' && e.reason)?.reason).toBe('nobody is left who may decide this stage (separation of duties)');
    expect(await ctx.store.getAccount(`acc-${request.id.slice(4)}`)).toBeUndefined();
  });

  it('remind the approvers who have not decided, once, at the reminder time', async () => {
    const { ctx, brand } = await approvalsWorld();
    const request = await askFor(ctx, brand);
    await driveApproval(ctx, request.id);
    ctx.clock.advance({ hours: 47 });
    await driveApproval(ctx, request.id);
    expect(subjects(ctx, 'olivia')).toHaveLength(1);
    ctx.clock.advance({ hours: 1 });
    await driveApproval(ctx, request.id);
    await driveApproval(ctx, request.id);
    expect(subjects(ctx, 'olivia')).toEqual([`Approval needed: Access request ${request.id}`, `Reminder: Approval needed: Access request ${request.id}`]);
  });

  it('go to the fallback group once at the deadline, when the links sent before expire, and expire at the second deadline', async () => {
    const { ctx, brand } = await approvalsWorld();
    const request = await askFor(ctx, brand);
    await driveApproval(ctx, request.id);
    const firstLink = lastLink(ctx, 'olivia')!;
    ctx.clock.advance({ hours: 72 });
    await driveApproval(ctx, request.id);
    expect((await requestOf(ctx, request.id)).stages[0]).toMatchObject({ status: 'pending', round: 1, mode: 'any', approvers: ['gail', 'gus', 'root'], notifiedRound: 1 });
    expect(subjects(ctx, 'gail')).toEqual([`Approval needed: Access request ${request.id}`]);
    expect(await ctx.store.approvalsAwaiting('olivia')).toEqual([]);
    expect((await viewLink(ctx, firstLink, CSRF)).content.title).toBe('This link has expired');
    ctx.clock.advance({ hours: 72 });
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    expect(await requestOf(ctx, request.id)).toMatchObject({ status: 'expired', outcome: { by: 'steward', note: 'Nobody decided the stage “Account owner” in time.' } });
    expect(subjects(ctx, 'rita')).toEqual([`Access request ${request.id}: expired`]);
  });

  it('expire at the deadline when the stage has no fallback group', async () => {
    const { ctx, brand } = await approvalsWorld({ tier: 'medium' });
    const request = await askFor(ctx, brand);
    await pastTheOwner(ctx, request.id);
    ctx.clock.advance({ hours: 72 });
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    expect(await requestOf(ctx, request.id)).toMatchObject({ status: 'expired', stages: [{ status: 'approved' }, { status: 'expired', round: 0 }] });
  });
});

describe('withdrawing a request', () => {
  it('ends it, fails the waiting task, and its links then say it was withdrawn', async () => {
    const { ctx, request, parked } = await waitingRequest();
    await expect(withdrawApproval(ctx, as('olivia'), request.id, { reason: 'not mine' })).rejects.toBeInstanceOf(ForbiddenError);
    await withdrawApproval(ctx, as('rita'), request.id, { reason: 'No longer needed' });
    expect(ctx.callbacks.answerOf(parked.taskToken)).toMatchObject({ outcome: 'failed', error: 'Withdrawn' });
    expect(await ctx.store.approvalsAwaiting('olivia')).toEqual([]);
    expect(await driveApproval(ctx, request.id)).toBe('finished');
    expect((await viewLink(ctx, lastLink(ctx, 'olivia')!, CSRF)).content.title).toBe('This request was withdrawn');
    expect((await decideByLink(ctx, 'olivia')).status).toBe(410);
    await expect(withdrawApproval(ctx, as('rita'), request.id, { reason: 'again' })).rejects.toBeInstanceOf(RuleViolationError);
  });
});

describe('approvers who leave', () => {
  it('are taken off the stage; with nobody undecided left it escalates at once and the workflow is woken to send links', async () => {
    const { ctx, request, parked } = await waitingRequest();
    await excuseApprover(ctx, request.id, 'olivia');
    expect((await requestOf(ctx, request.id)).stages[0]).toMatchObject({ round: 1, approvers: ['gail', 'gus', 'root'], notifiedRound: 0 });
    expect(ctx.callbacks.answerOf(parked.taskToken)).toMatchObject({ outcome: 'succeeded', output: { changed: true } });
    await driveApproval(ctx, request.id);
    expect(subjects(ctx, 'gus')).toEqual([`Approval needed: Access request ${request.id}`]);
  });

  it('are only taken off a stage others still decide, and the workflow sleeps on', async () => {
    const { ctx, brand } = await approvalsWorld({ tier: 'critical' });
    const request = await askFor(ctx, brand);
    await pastTheOwner(ctx, request.id);
    const parked = (await ctx.store.parkedWait({ kind: 'approval', id: request.id }))!;
    await excuseApprover(ctx, request.id, 'gail');
    expect((await requestOf(ctx, request.id)).stages[1]).toMatchObject({ round: 0, status: 'pending', approvers: ['gus', 'root'] });
    expect(ctx.callbacks.answerOf(parked.taskToken)).toBeUndefined();
    await decideByLink(ctx, 'gus');
    await decideByLink(ctx, 'root');
    await driveApproval(ctx, request.id);
    expect((await requestOf(ctx, request.id)).stages[1]!.status).toBe('approved');
  });

  it('are not asked when a stage opens after their departure was requested', async () => {
    const { ctx, brand } = await approvalsWorld({ tier: 'medium' });
    const request = await askFor(ctx, brand);
    await depart(ctx, 'gail', { effectiveAt: new Date(ctx.now().getTime() + 30 * 24 * HOUR).toISOString() });
    await pastTheOwner(ctx, request.id);
    expect((await requestOf(ctx, request.id)).stages[1]!.approvers).toEqual(['gus', 'root']);
    expect(subjects(ctx, 'gail')).toEqual([]);
  });
});

describe('parking the workflow’s token', () => {
  it('answers its own token when the stage was decided between the timer and the park', async () => {
    const { ctx, brand } = await approvalsWorld();
    const request = await askFor(ctx, brand);
    await driveApproval(ctx, request.id);
    const next = await advance(ctx, request.id);
    expect(next).toMatchObject({ next: 'await', stage: 0 });
    await decideByLink(ctx, 'olivia');
    expect(await parkStageWait(ctx, { requestId: request.id, stage: 0, taskToken: 'late-token' })).toBe('answered');
    expect(ctx.callbacks.answerOf('late-token')).toMatchObject({ outcome: 'succeeded' });
  });
});
