import fc, { type AsyncCommand } from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryContext } from '../../adapters/memory/context.ts';
import { account, as, CSRF, depart, driveApproval, lastLink, person, runHandover, world } from '../../tests/support/memory-world.ts';
import { StewardError } from '../errors.ts';
import { caseIdOf } from '../handover/departures.ts';
import type { Account } from '../registry/model.ts';
import { decide, decideAsApprover } from './decisions.ts';
import { awaitingApprovers, type ApprovalRequest } from './model.ts';
import { requestAccess, withdrawApproval } from './requests.ts';

/**
 * Approvals under random interleavings of requests, workflow steps, decisions by link and from the console
 * (the same approver both at once, too), deadlines passing, withdrawals and approvers leaving. After every
 * command the promises hold: each approver decides a stage once; nobody decides their own request or two
 * stages of one; an ended request never changes its end; an approval becomes at most one grant; the
 * "awaiting my decision" index says exactly who the current stage waits for.
 */
interface Model {
  requests: string[];
  /** How each ended request ended, as first seen. */
  ended: Map<string, ApprovalRequest['status']>;
  /** Who may still leave (Root, the requesters and the owner of the low account stay). */
  mayLeave: string[];
}

interface System {
  ctx: MemoryContext;
  accounts: Account[];
  log: string[];
}

const REQUESTERS = ['rita', 'ron'];
const PEOPLE = ['olivia', 'gus', 'gail', 'sam', 'sia', 'rita', 'ron', 'root'];
const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

/** A refusal by the rules is an outcome here, not a failure. */
async function refusedIsFine(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof StewardError)) throw error;
  }
}

abstract class Step implements AsyncCommand<Model, System> {
  protected label = '';
  check = (model: Readonly<Model>) => model.requests.length > 0;
  protected abstract act(model: Model, system: System): Promise<void>;
  async run(model: Model, system: System) {
    await this.act(model, system);
    system.log.push(this.toString());
    await holdPromises(model, system);
  }
  toString = () => this.label || this.constructor.name;
}

class Ask extends Step {
  constructor(private readonly choice: { requester: number; account: number; started: boolean }) {
    super();
  }
  override check = () => true;
  async act(model: Model, { ctx, accounts }: System) {
    const requester = pick(REQUESTERS, this.choice.requester);
    const target = pick(accounts, this.choice.account);
    this.label = `Ask(${requester} on ${target.riskTier}${this.choice.started ? '' : ', workflow not started yet'})`;
    await refusedIsFine(async () => {
      const { id } = await requestAccess(ctx, as(requester), { accountId: target.id, role: 'viewer', reason: 'work' });
      model.requests.push(id);
      if (this.choice.started) await driveApproval(ctx, id);
    });
  }
}

/** The workflow runs its next steps for a request, or its requester withdraws it. */
class OnRequest extends Step {
  constructor(private readonly choice: { request: number; action: 'drive' | 'withdraw' }) {
    super();
  }
  async act(model: Model, { ctx }: System) {
    const id = pick(model.requests, this.choice.request);
    this.label = `${this.choice.action === 'drive' ? 'Drive' : 'Withdraw'}(${id})`;
    if (this.choice.action === 'drive') await driveApproval(ctx, id);
    else {
      const request = (await ctx.store.getApproval(id))!;
      await refusedIsFine(() => withdrawApproval(ctx, as(request.requesterId), id, { reason: 'changed my mind' }));
    }
  }
}

/**
 * A decision on a request, by someone its stage waits for (most often) or anyone else: by their emailed link,
 * from the console, or both at once. The decision's callback wakes the workflow, which runs on.
 */
class Decide extends Step {
  constructor(private readonly choice: { request: number; person: number; decision: 'approve' | 'reject'; via: 'link' | 'console' | 'both' }) {
    super();
  }
  async act(model: Model, { ctx }: System) {
    const id = pick(model.requests, this.choice.request);
    const request = (await ctx.store.getApproval(id))!;
    const who = pick([...awaitingApprovers(request), ...PEOPLE], this.choice.person);
    const { decision, via } = this.choice;
    this.label = `Decide(${who} ${decision}s ${id} by ${via})`;
    const byLink = async () => {
      const link = lastLink(ctx, who, 'decide', id);
      if (link) await decide(ctx, link, { decision, csrf: CSRF });
    };
    const byConsole = () => refusedIsFine(() => decideAsApprover(ctx, as(who), id, { decision }));
    await Promise.all([...(via === 'console' ? [] : [byLink()]), ...(via === 'link' ? [] : [byConsole()])]);
    await driveApproval(ctx, id);
  }
}

class Tick extends Step {
  constructor(private readonly hours: number) {
    super();
  }
  override check = () => true;
  async act(_model: Model, { ctx }: System) {
    this.label = `Tick(${this.hours} h)`;
    ctx.clock.advance({ hours: this.hours });
  }
}

class Leave extends Step {
  constructor(private readonly who: number) {
    super();
  }
  override check = (model: Readonly<Model>) => model.mayLeave.length > 0;
  async act(model: Model, { ctx }: System) {
    const leaver = pick(model.mayLeave, this.who);
    this.label = `Leave(${leaver})`;
    model.mayLeave = model.mayLeave.filter((id) => id !== leaver);
    await depart(ctx, leaver);
    await runHandover(ctx, caseIdOf(leaver));
  }
}

/** The promises, over every request the store holds. */
async function holdPromises(model: Model, { ctx, log }: System) {
  const context = log.join('; ');
  const requests = (await ctx.store.listApprovals({}, { limit: 1000 })).items;
  for (const request of requests) {
    const deciders = request.stages.map((stage) => stage.decisions.map((d) => d.approverId));
    for (const ids of deciders) expect(new Set(ids).size, `${request.id}: one decision per approver per stage; ${context}`).toBe(ids.length);
    expect(deciders.flat(), `${request.id}: nobody decides two stages, nor their own request; ${context}`).toEqual([...new Set(deciders.flat())].filter((id) => id !== request.requesterId));
    const ended = model.ended.get(request.id);
    if (ended) expect(request.status, `${request.id} ended ${ended}; ${context}`).toBe(ended);
    else if (request.status !== 'pending') model.ended.set(request.id, request.status);
    if (request.status === 'approved') expect(request.stages.map((s) => s.status)).toEqual(request.stages.map(() => 'approved'));
    const grants = (await ctx.store.grantsOfPerson(request.requesterId)).filter((g) => g.approvalId === request.id);
    expect(grants.length, `${request.id} became ${grants.length} grants; ${context}`).toBeLessThanOrEqual(request.status === 'approved' ? 1 : 0);
  }
  for (const personId of PEOPLE) {
    const waiting = requests.filter((r) => awaitingApprovers(r).includes(personId)).map((r) => r.id).sort();
    expect(await ctx.store.approvalsAwaiting(personId), `who ${personId} is awaited by; ${context}`).toEqual(waiting);
  }
}

const index = fc.nat({ max: 20 });
const few = fc.nat({ max: 3 });
const commands = fc.commands(
  [
    fc.record({ requester: index, account: index, started: fc.constant(true) }).map((choice) => new Ask(choice)),
    fc.record({ requester: index, account: index, started: fc.constant(false) }).map((choice) => new Ask(choice)),
    index.map((request) => new OnRequest({ request, action: 'drive' })),
    fc.record({ request: index, person: few, decision: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const), via: fc.constantFrom('link' as const, 'console' as const, 'both' as const) }).map((choice) => new Decide(choice)),
    fc.record({ request: index, person: few, decision: fc.constant('approve' as const), via: fc.constantFrom('link' as const, 'console' as const, 'both' as const) }).map((choice) => new Decide(choice)),
    fc.record({ request: index, person: index, decision: fc.constantFrom('approve' as const, 'reject' as const), via: fc.constantFrom('link' as const, 'console' as const, 'both' as const) }).map((choice) => new Decide(choice)),
    fc.constantFrom(1, 12, 25, 49).map((hours) => new Tick(hours)),
    index.map((request) => new OnRequest({ request, action: 'withdraw' })),
    index.map((who) => new Leave(who)),
  ],
  { maxCommands: 30, size: '+1' },
);

const seed = Number(process.env.STEWARD_MODEL_SEED ?? 20_261_203);

describe('approvals under random interleavings', () => {
  it('record one decision per approver per stage, end once, and keep the awaiting index exact', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (steps) => {
        const ctx = await world();
        for (const id of ['olivia', 'rita', 'ron']) await person(ctx, id);
        for (const id of ['gus', 'gail']) await person(ctx, id, { team: 'governance' });
        for (const id of ['sam', 'sia']) await person(ctx, id, { team: 'security' });
        // The critical account's owner sits in the governance team: separation of duties keeps them to one stage.
        const accounts = [await account(ctx, 'olivia', { riskTier: 'low' }), await account(ctx, 'olivia', { riskTier: 'medium' }), await account(ctx, 'gus', { riskTier: 'critical' })];
        const system: System = { ctx, accounts, log: [] };
        await fc.asyncModelRun(() => ({ model: { requests: [], ended: new Map(), mayLeave: ['gus', 'gail', 'sam', 'sia'] }, real: system }), steps);
      }),
      { seed, numRuns: Number(process.env.STEWARD_MODEL_RUNS ?? 60) },
    );
  }, 60_000);
});
