import { describe, expect, it } from 'vitest';
import { person, world } from '../../tests/support/memory-world.ts';
import { firstAssignable } from './standing.ts';

describe('choosing someone who may be handed something', () => {
  it('looks past the fallback team’s first page when nobody on it may be chosen', async () => {
    const ctx = await world();
    const team = Array.from({ length: 130 }, (_, i) => `gov-${String(i).padStart(3, '0')}`);
    for (const id of team) await person(ctx, id, { team: 'security' });
    // The first 120 are excluded (say, the leaver's own circle): the choice is on the team's second page.
    const excluded = new Set(team.slice(0, 120));
    expect(await firstAssignable(ctx.store, [], 'security', excluded)).toBe('gov-120');
    expect(await firstAssignable(ctx.store, [], 'security', new Set(team))).toBeUndefined();
  });
});
