import fc, { type AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import type { MemoryContext } from '../../adapters/memory/context.ts';
import { decide } from '../../core/approvals/decisions.ts';
import { awaitingApprovers } from '../../core/approvals/model.ts';
import { requestAccess } from '../../core/approvals/requests.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../core/errors.ts';
import { caseIdOf, confirmControl } from '../../core/handover/departures.ts';
import { revealCredential } from '../../core/registry/credentials.ts';
import { confirmCustody, revealCustody } from '../../core/rotation/custody.ts';
import { checkInvariants } from './invariants.ts';
import { account, as, CSRF, depart, driveApproval, grant, lastLink, login, person, runHandover } from './memory-world.ts';

/**
 * The leaver invariants' model-based test on the memory context (core/handover/leavers.model.test.ts), the
 * fast twin of tests/support/leaver-model/ (which runs against a local cloud): random people, accounts with
 * owners, backups and platform controls, grants, logins set and revealed, access requests, and departures of
 * one to three people at once. After each departure has settled, every promise of tests/support/invariants.ts
 * is checked over everything the store holds.
 */
export interface LeaverModel {
  /** People who may still be picked for anything (Root, who is HR, is never picked and never leaves). */
  people: string[];
  departed: string[];
  accounts: string[];
  made: number;
}

/** The system under test: a memory context, and the log of what ran. */
export interface LeaverSystem {
  ctx: MemoryContext;
  /** What the commands did, for the failure report. */
  log: string[];
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

/** A refusal by the rules (the person already holds access, has no grant, …) is an outcome, not a failure. */
async function refusedIsFine(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof RuleViolationError || error instanceof ForbiddenError)) throw error;
  }
}

abstract class LeaverCommand implements AsyncCommand<LeaverModel, LeaverSystem> {
  protected label = '';
  abstract check(model: Readonly<LeaverModel>): boolean;
  abstract act(model: LeaverModel, system: LeaverSystem): Promise<void>;
  async run(model: LeaverModel, system: LeaverSystem): Promise<void> {
    system.ctx.clock.advance({ minutes: 1 });
    await this.act(model, system);
    system.log.push(this.toString());
  }
  toString = () => this.label || this.constructor.name;
}

class AddPerson extends LeaverCommand {
  constructor(private readonly choice: { manager: number | null; governance: boolean }) {
    super();
  }
  check = () => true;
  async act(model: LeaverModel, { ctx }: LeaverSystem) {
    const id = `p${++model.made}`;
    const managerId = this.choice.manager === null || model.people.length === 0 ? undefined : pick(model.people, this.choice.manager);
    await person(ctx, id, { managerId, ...(this.choice.governance ? { team: 'governance' } : {}) });
    model.people.push(id);
    this.label = `AddPerson(${id}${managerId ? `, manager ${managerId}` : ''}${this.choice.governance ? ', governance' : ''})`;
  }
}

class AddAccount extends LeaverCommand {
  constructor(private readonly choice: { owner: number; backup: number | null; admins: number[]; twoFactor: number | null; login: 'api' | 'human' | null }) {
    super();
  }
  check = (model: Readonly<LeaverModel>) => model.people.length > 0;
  async act(model: LeaverModel, { ctx }: LeaverSystem) {
    const owner = pick(model.people, this.choice.owner);
    const backup = this.choice.backup === null ? undefined : pick(model.people, this.choice.backup);
    const admins = [...new Set(this.choice.admins.map((i) => pick(model.people, i)))];
    const twoFactor = this.choice.twoFactor === null ? undefined : pick(model.people, this.choice.twoFactor);
    const made = await account(ctx, owner, {
      ...(backup && backup !== owner ? { backupOwnerId: backup } : {}),
      platformControl: { nativeAdmins: admins.map((personId) => ({ personId, name: personId })), ...(twoFactor ? { twoFactor: { method: 'totp' as const, holderId: twoFactor } } : {}) },
    });
    if (this.choice.login) await login(ctx, made, { passwordApi: this.choice.login === 'api', by: as(owner) });
    model.accounts.push(made.id);
    this.label = `AddAccount(${made.id}: owner ${owner}, backup ${backup ?? '-'}, admins ${admins.join('/') || '-'}, 2FA ${twoFactor ?? '-'}, login ${this.choice.login ?? '-'})`;
  }
}

abstract class PersonAccountCommand<C extends { person: number; account: number }> extends LeaverCommand {
  constructor(protected readonly choice: C) {
    super();
  }
  check = (model: Readonly<LeaverModel>) => model.people.length > 0 && model.accounts.length > 0;
  protected picked(model: LeaverModel) {
    return { personId: pick(model.people, this.choice.person), accountId: pick(model.accounts, this.choice.account) };
  }
}

class Grant extends PersonAccountCommand<{ person: number; account: number; credentialAccess: boolean }> {
  async act(model: LeaverModel, { ctx }: LeaverSystem) {
    const { personId, accountId } = this.picked(model);
    await refusedIsFine(() => grant(ctx, accountId, personId, { credentialAccess: this.choice.credentialAccess }));
    this.label = `Grant(${personId} on ${accountId}${this.choice.credentialAccess ? ', login' : ''})`;
  }
}

class Reveal extends PersonAccountCommand<{ person: number; account: number }> {
  async act(model: LeaverModel, { ctx }: LeaverSystem) {
    const { personId, accountId } = this.picked(model);
    await refusedIsFine(() => revealCredential(ctx, as(personId), accountId, { reason: 'posting' }));
    this.label = `Reveal(${personId} of ${accountId})`;
  }
}

class RequestAccess extends PersonAccountCommand<{ person: number; account: number; approve: boolean }> {
  async act(model: LeaverModel, { ctx }: LeaverSystem) {
    const { personId, accountId } = this.picked(model);
    this.label = `RequestAccess(${personId} on ${accountId}${this.choice.approve ? ', approved' : ''})`;
    await refusedIsFine(async () => {
      const request = await requestAccess(ctx, as(personId), { accountId, role: 'publisher', credentialAccess: true, reason: 'campaign' });
      await driveApproval(ctx, request.id);
      if (this.choice.approve) await approveOnce(ctx, request.id);
    });
  }
}

/** The first approver the request's stage waits for approves by their link; the workflow moves on. */
async function approveOnce(ctx: MemoryContext, requestId: string): Promise<boolean> {
  const request = (await ctx.store.getApproval(requestId))!;
  const approver = awaitingApprovers(request)[0];
  const link = approver && lastLink(ctx, approver, 'decide', requestId);
  if (!link) return false;
  await decide(ctx, link, { decision: 'approve', csrf: CSRF });
  await driveApproval(ctx, requestId);
  return true;
}

class Depart extends LeaverCommand {
  constructor(private readonly who: number[]) {
    super();
  }
  check = (model: Readonly<LeaverModel>) => model.people.length > 0;
  async act(model: LeaverModel, system: LeaverSystem) {
    const leavers = [...new Set(this.who.map((i) => pick(model.people, i)))];
    this.label = `Depart(${leavers.join(' + ')})`;
    for (const id of leavers) await depart(system.ctx, id);
    model.people = model.people.filter((id) => !leavers.includes(id));
    model.departed.push(...leavers);
    await settle(system.ctx, model.departed);
    expect(checkInvariants(system.ctx.store.snapshot(), system.ctx.now()), [...system.log, this.label].join('; ')).toEqual([]);
  }
}

/**
 * Everyone does what the handovers wait for, round after round, until nothing moves: each case runs on,
 * custodians set the new passwords, successors (or whoever a request escalated to) accept, control tasks are
 * confirmed by whoever holds them.
 */
async function settle(ctx: MemoryContext, leavers: readonly string[]) {
  for (let round = 0; round < 20; round++) {
    let moved = false;
    for (const id of leavers) if ((await runHandover(ctx, caseIdOf(id))).status === 'waiting') moved = true;
    const { custodyTasks, approvals, departures } = ctx.store.snapshot();
    for (const task of custodyTasks.filter((t) => t.status !== 'confirmed')) {
      const account = (await ctx.store.getAccount(task.accountId))!;
      const link = lastLink(ctx, task.custodianId, 'handover', account.displayName);
      if (!link) continue;
      const shown = await revealCustody(ctx, link, CSRF);
      if (shown.content.secret) ctx.connector.setPassword(account.platformAccountId, shown.content.secret);
      await confirmCustody(ctx, link);
      moved = true;
    }
    for (const request of approvals.filter((r) => r.kind === 'successor-acceptance' && r.status === 'pending')) {
      await driveApproval(ctx, request.id);
      if (await approveOnce(ctx, request.id)) moved = true;
    }
    for (const c of departures) {
      for (const result of Object.values(c.accounts)) {
        for (const task of result.controls ?? []) {
          if (task.status !== 'open') continue;
          await confirmControl(ctx, as(task.assignedTo), c.id, { accountId: result.accountId, kind: task.kind });
          moved = true;
        }
      }
    }
    if (!moved) return;
  }
  throw new Error(`the handovers of ${leavers.join(', ')} did not settle in 20 rounds`);
}

/** Picks of existing people and accounts are positions, resolved when the command runs (so shrinking keeps them valid). */
const index = fc.nat({ max: 50 });

/** The operation sequences: more people and accounts early on, departures of one to three at once. */
export const leaverCommands = (maxCommands: number) =>
  fc.commands(
    [
      fc.record({ manager: fc.option(index, { nil: null }), governance: fc.boolean() }).map((choice) => new AddPerson(choice)),
      fc
        .record({ owner: index, backup: fc.option(index, { nil: null }), admins: fc.array(index, { maxLength: 2 }), twoFactor: fc.option(index, { nil: null }), login: fc.constantFrom('api' as const, 'human' as const, null) })
        .map((choice) => new AddAccount(choice)),
      fc.record({ person: index, account: index, credentialAccess: fc.boolean() }).map((choice) => new Grant(choice)),
      fc.record({ person: index, account: index }).map((choice) => new Reveal(choice)),
      fc.record({ person: index, account: index, approve: fc.boolean() }).map((choice) => new RequestAccess(choice)),
      // Listed twice: departures are what the promises are about.
      fc.array(index, { minLength: 1, maxLength: 3 }).map((who) => new Depart(who)),
      fc.array(index, { minLength: 1, maxLength: 3 }).map((who) => new Depart(who)),
    ],
    { maxCommands, size: '+1' },
  );

/** The organisation a sequence starts from: a few people, accounts with logins, and grants, made by the same commands. */
export const initialOrganisation = fc
  .record({
    people: fc.integer({ min: 2, max: 5 }),
    accounts: fc.array(fc.record({ owner: index, backup: fc.option(index, { nil: null }), admins: fc.array(index, { maxLength: 2 }), twoFactor: fc.option(index, { nil: null }), login: fc.constantFrom('api' as const, 'human' as const, null), grants: fc.array(fc.record({ person: index, credentialAccess: fc.boolean() }), { maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ people, accounts }): LeaverCommand[] => [
    ...Array.from({ length: people }, (_, i) => new AddPerson({ manager: i === 0 ? null : 0, governance: i === 1 })),
    ...accounts.flatMap((a, i) => [new AddAccount(a), ...a.grants.map((g) => new Grant({ ...g, account: i }))]),
  ]);
