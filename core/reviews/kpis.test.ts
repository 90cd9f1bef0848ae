import { describe, expect, it } from 'vitest';
import { depart, person, world } from '../../tests/support/memory-world.ts';
import { refreshKpis } from './kpis.ts';

describe('the departure KPIs', () => {
  it('count every case of the last 90 days, past the first page, and none older', async () => {
    const ctx = await world();
    await person(ctx, 'long-gone');
    await depart(ctx, 'long-gone');
    ctx.clock.advance({ days: 100 });
    // Past two pages of the KPIs' reads (200 a page), so the reading goes on and stops at the old case.
    const leavers = Array.from({ length: 410 }, (_, i) => `leaver-${i}`);
    for (const id of leavers) {
      await person(ctx, id);
      await depart(ctx, id);
    }
    expect((await refreshKpis(ctx)).departures.cases).toBe(410);
  });
});
