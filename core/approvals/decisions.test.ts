import { trailLength } from '../../tests/support/audit.ts';
import { describe, expect, it } from 'vitest';
import { approvalsWorld, as, askFor, CSRF, decideByLink, depart, driveApproval, lastLink, pastTheOwner } from '../../tests/support/memory-world.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { decide, decideAsApprover, viewLink } from './decisions.ts';
import type { Account } from '../registry/model.ts';

/** The approvals organisation, and Rita's request for the account. */
async function organisation(tier: Account['riskTier'] = 'low') {
  const { ctx, brand } = await approvalsWorld({ tier });
  return { ctx, brand, request: await askFor(ctx, brand) };
}

const failureOf = (work: Promise<unknown>) => work.then(
  () => undefined,
  (error: unknown) => error as Error,
);

describe('a decision', () => {
  it('from the console on a stage the workflow has not opened yet is refused with 409 "not opened yet", changing nothing', async () => {
    const { ctx, request } = await organisation();
    const error = await failureOf(decideAsApprover(ctx, as('olivia'), request.id, { decision: 'approve' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.message).toMatch(/^This stage has not opened yet\. The stage “Account owner” opens once the request reaches it/);
    expect(await ctx.store.getApproval(request.id)).toEqual(request);
  });

  it('is recorded once per approver: a second one, by link or from the console, is told it was already made', async () => {
    const { ctx, request } = await organisation('critical');
    await pastTheOwner(ctx, request.id);
    expect((await decideByLink(ctx, 'gail')).content.title).toBe('Decision recorded: approved');
    expect((await decideByLink(ctx, 'gail', 'reject')).status).toBe(409);
    const error = await failureOf(decideAsApprover(ctx, as('gail'), request.id, { decision: 'reject' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.message).toMatch(/^You have already decided/);
    expect((await ctx.store.getApproval(request.id))!.stages[1]!.decisions.map((d) => [d.approverId, d.decision])).toEqual([['gail', 'approve']]);
  });

  it('is for the approvers of the stage only', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    for (const who of ['rita', 'gus']) expect(await failureOf(decideAsApprover(ctx, as(who), request.id, { decision: 'approve' }))).toBeInstanceOf(ForbiddenError);
    expect((await ctx.store.getApproval(request.id))!.stages[0]!.decisions).toEqual([]);
  });

  it('by one approver of an "any" stage closes it: the others are told, and their links say it was decided', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    ctx.clock.advance({ hours: 72 });
    await driveApproval(ctx, request.id);
    await decideByLink(ctx, 'gus', 'reject');
    expect(ctx.mailer.to('gail@example.com').map((e) => e.subject)).toEqual([`Approval needed: Access request ${request.id}`, `Decided: Access request ${request.id}`]);
    const page = await decideByLink(ctx, 'gail');
    expect([page.status, page.content.title]).toEqual([409, 'Already decided']);
  });

  it('from two approvers of an "all" stage at the same moment are both recorded, each once', async () => {
    const { ctx, request } = await organisation('critical');
    await pastTheOwner(ctx, request.id);
    const pages = await Promise.all(['gail', 'gus', 'root'].map((id) => decideByLink(ctx, id)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    const stage = (await ctx.store.getApproval(request.id))!.stages[1]!;
    expect(stage.decisions.map((d) => d.approverId).sort()).toEqual(['gail', 'gus', 'root']);
    expect(stage.status).toBe('approved');
  });

  it('by the same approver from the console and their link at once is recorded once', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    const [page, console] = await Promise.all([decideByLink(ctx, 'olivia'), failureOf(decideAsApprover(ctx, as('olivia'), request.id, { decision: 'reject' }))]);
    const stage = (await ctx.store.getApproval(request.id))!.stages[0]!;
    expect(stage.decisions).toHaveLength(1);
    expect(page.status === 200).toBe(console instanceof ConflictError);
  });
});

describe('an approval link', () => {
  it('shows the request and changes nothing when opened', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    const before = await ctx.store.getApproval(request.id);
    const eventsBefore = await trailLength(ctx.store);
    const page = await viewLink(ctx, lastLink(ctx, 'olivia')!, CSRF);
    expect(page.status).toBe(200);
    expect(page.content.lead[0]).toMatch(/^Stage 1 of 1: Account owner \(one approver decides\)/);
    expect(await ctx.store.getApproval(request.id)).toEqual(before);
    expect(await trailLength(ctx.store)).toEqual(eventsBefore);
  });

  it('stops working for an approver who is leaving', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    const link = lastLink(ctx, 'olivia')!;
    await depart(ctx, 'olivia');
    const page = await decide(ctx, link, { decision: 'approve', csrf: CSRF });
    expect([page.status, page.content.title]).toEqual([403, 'You can no longer decide this']);
    expect((await ctx.store.getApproval(request.id))!.stages[0]!.decisions).toEqual([]);
  });

  it('says it expired once its stage’s deadline has passed, and decides nothing', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    ctx.clock.advance({ hours: 72 });
    const page = await decideByLink(ctx, 'olivia');
    expect([page.status, page.content.title]).toEqual([410, 'This link has expired']);
    expect((await ctx.store.getApproval(request.id))!.stages[0]!.decisions).toEqual([]);
  });

  it('is refused when it was not signed by the ring’s keys, and still works after one key rotation', async () => {
    const { ctx, request } = await organisation();
    await driveApproval(ctx, request.id);
    const link = lastLink(ctx, 'olivia')!;
    expect((await viewLink(ctx, `${link.slice(0, -2)}AA`, CSRF)).status).toBe(400);
    ctx.links.rotate();
    expect((await viewLink(ctx, link, CSRF)).status).toBe(200);
    ctx.links.rotate();
    expect((await viewLink(ctx, link, CSRF)).status).toBe(400);
  });
});
