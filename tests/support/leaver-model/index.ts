import fc from 'fast-check';
import { AddAccount } from './add-account.ts';
import { AddPerson } from './add-person.ts';
import { ConfirmControl } from './confirm-control.ts';
import { Depart } from './depart.ts';
import { Grant } from './grant.ts';
import { RequestAccess } from './request-access.ts';
import { Reveal } from './reveal.ts';
import { SetLogin } from './set-login.ts';

export { checkAfterDeparture, readRegistry, type LeaverModel, type LeaverSystem } from './world.ts';

/** Picks of existing people and accounts are positions, resolved when the command runs (so shrinking keeps them valid). */
const index = fc.nat({ max: 50 });

/** The random operation sequences: more people and accounts early on, departures of one to three at once. */
export const leaverCommands = (maxCommands: number) =>
  fc.commands(
    [
      fc.option(index, { nil: null }).map((manager) => new AddPerson(manager)),
      fc.record({ owner: index, backup: fc.option(index, { nil: null }), nativeAdmins: fc.array(index, { maxLength: 2 }), twoFactor: fc.option(index, { nil: null }) }).map((choice) => new AddAccount(choice)),
      fc.record({ person: index, account: index, credentialAccess: fc.boolean() }).map((choice) => new Grant(choice)),
      fc.record({ person: index, account: index }).map((choice) => new SetLogin(choice)),
      fc.record({ person: index, account: index }).map((choice) => new Reveal(choice)),
      fc.record({ person: index, account: index }).map((choice) => new RequestAccess(choice)),
      // Listed twice: departures are what the promises are about.
      fc.array(index, { minLength: 1, maxLength: 3 }).map((who) => new Depart(who)),
      fc.array(index, { minLength: 1, maxLength: 3 }).map((who) => new Depart(who)),
      index.map((i) => new ConfirmControl(i)),
    ],
    { maxCommands, size: 'medium' },
  );

/**
 * The organisation a sequence starts from: a few people (some reporting to the first), and accounts with
 * owners, backups, platform controls, grants and stored logins, built by the same commands the sequence uses.
 */
export const initialOrganisation = fc
  .record({
    people: fc.integer({ min: 3, max: 6 }),
    accounts: fc.array(
      fc.record({
        owner: index,
        backup: fc.option(index, { nil: null }),
        nativeAdmins: fc.array(index, { maxLength: 2 }),
        twoFactor: fc.option(index, { nil: null }),
        setter: fc.option(index, { nil: null }),
        grants: fc.array(fc.record({ person: index, credentialAccess: fc.boolean() }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ people, accounts }) => [
    ...Array.from({ length: people }, (_, i) => new AddPerson(i === 0 ? null : 0)),
    ...accounts.flatMap((a, account) => [
      new AddAccount(a),
      ...a.grants.map((g) => new Grant({ ...g, account })),
      ...(a.setter === null ? [] : [new SetLogin({ person: a.setter, account })]),
    ]),
  ]);
