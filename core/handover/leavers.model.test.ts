import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../tests/support/invariants.ts';
import { initialOrganisation, leaverCommands, type LeaverModel, type LeaverSystem } from '../../tests/support/memory-leaver-model.ts';
import { world } from '../../tests/support/memory-world.ts';

/**
 * Steward's two promises (tests/support/invariants.ts: nothing is a settled leaver's any more; every login they
 * knew changed; every state audited once on a chain that verifies) over random operation sequences, on the
 * memory context: fast enough to run many sequences in the unit tier. The local tier runs the same promises over
 * the wire (tests/local/leaver-invariants.test.ts). A failure prints its seed and path; STEWARD_MODEL_SEED and
 * STEWARD_MODEL_PATH replay it, STEWARD_MODEL_RUNS runs more.
 */
const seed = Number(process.env.STEWARD_MODEL_SEED ?? 20_261_202);
const path = process.env.STEWARD_MODEL_PATH;

describe('the leaver invariants on the memory context', () => {
  it('hold after every settled departure, over random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(initialOrganisation, leaverCommands(16), async (initial, commands) => {
        const system: LeaverSystem = { ctx: await world(), log: [] };
        const model: LeaverModel = { people: [], departed: [], accounts: [], made: 0 };
        for (const command of initial) await command.run(model, system);
        await fc.asyncModelRun(() => ({ model, real: system }), commands);
        expect(checkInvariants(system.ctx.store.snapshot(), system.ctx.now()), system.log.join('; ')).toEqual([]);
      }),
      { seed, ...(path ? { path } : {}), numRuns: Number(process.env.STEWARD_MODEL_RUNS ?? 40) },
    );
  }, 60_000);
});
