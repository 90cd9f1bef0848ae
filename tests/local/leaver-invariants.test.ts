import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.ts';
import { callerAs } from '../support/api.ts';
import { initialOrganisation, leaverCommands, readRegistry, type LeaverModel, type LeaverSystem } from '../support/leaver-model/index.ts';
import { discardCloud, startOwnCloud, type RunningCloud } from '../support/local-cloud-process.ts';

/**
 * The two promises as invariants (core/invariants.ts), checked by fast-check's model-based testing: random
 * sequences of people, accounts, grants, logins set and revealed, access requests, departures of one to three
 * people at once and control confirmations, run against a local cloud of its own; after every settled
 * departure the whole registry is read and checked, and every login a leaver knew is tried on the simulated
 * platform. `npm test` runs a short sequence from a fixed seed; `npm run soak` runs long ones from random seeds.
 * A failure prints the seed and path; STEWARD_MODEL_SEED and STEWARD_MODEL_PATH replay it.
 */
const soak = process.env.STEWARD_SOAK === '1';
const seed = Number(process.env.STEWARD_MODEL_SEED ?? (soak ? Date.now() % 2 ** 31 : 20_261_201));
const path = process.env.STEWARD_MODEL_PATH;

let cloud: RunningCloud | undefined;
beforeAll(async () => {
  cloud = await startOwnCloud();
});
afterAll(async () => {
  await discardCloud(cloud);
});

describe('the leaver invariants', () => {
  it(
    'hold after every settled departure, over random operation sequences',
    async () => {
      const urls = cloud!.urls;
      let runs = 0;
      process.stdout.write(`leaver invariants: seed ${seed}${path ? `, path ${path}` : ''}\n`);
      await fc.assert(
        fc.asyncProperty(initialOrganisation, leaverCommands(soak ? 40 : 14), async (initial, commands) => {
          const run = `m${(seed % 46_656).toString(36)}r${runs++}`;
          const steadyId = `${run}-steady`;
          const steady = await callerAs(urls, steadyId, ['admin', 'hr'], { team: 'governance' });
          const system: LeaverSystem = { cloud: urls, steady, steadyId, callers: new Map(), run, log: [] };
          const model: LeaverModel = { people: [], departed: [], accounts: [], knows: new Map() };
          for (const command of initial) await command.run(model, system);
          await fc.asyncModelRun(() => ({ model, real: system }), commands);
          if (process.env.STEWARD_MODEL_VERBOSE) process.stdout.write(`${run}: ${system.log.join('; ')}\n`);
          expect(checkInvariants(await readRegistry(urls), new Date()), system.log.join('; ')).toEqual([]);
        }),
        { seed, ...(path ? { path } : {}), endOnFailure: process.env.STEWARD_MODEL_NO_SHRINK === '1', numRuns: soak ? Number(process.env.STEWARD_SOAK_RUNS ?? 100) : 4 },
      );
    },
    soak ? 6 * 3600_000 : 300_000,
  );
});
