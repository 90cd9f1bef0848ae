import { describe, expect, it } from 'vitest';
import { account, depart, person, runHandover, runSweeps, world } from '../../tests/support/memory-world.ts';
import { caseIdOf } from '../handover/departures.ts';
import { groupMembers } from './reviews.ts';

describe('a leaver’s reviews', () => {
  it('go to whoever answers for their subject after the handover, who gets a link of their own; the leaver leaves every escalation', async () => {
    const ctx = await world();
    await person(ctx, 'lea', { team: 'governance' });
    for (const id of ['ben', 'olivia']) await person(ctx, id);
    const hers = await account(ctx, 'lea', { backupOwnerId: 'ben', riskTier: 'high', lastRecertifiedAt: '2026-01-01', platformControl: { nativeAdmins: [{ name: 'A' }, { name: 'B' }] } });
    const other = await account(ctx, 'olivia', { backupOwnerId: 'ben', riskTier: 'high', lastRecertifiedAt: '2026-01-01', platformControl: { nativeAdmins: [{ name: 'A' }, { name: 'B' }] } });
    await runSweeps(ctx, { kinds: ['recertification'] });
    ctx.clock.advance({ days: 14 });
    await runSweeps(ctx, { kinds: ['follow-up'] });
    const [escalated] = await ctx.store.reviewsOf('account', other.id);
    expect(escalated!.escalatedTo).toEqual(['lea', 'root']);
    await depart(ctx, 'lea');
    await runHandover(ctx, caseIdOf('lea'));
    const [moved] = await ctx.store.reviewsOf('account', hers.id);
    expect(moved).toMatchObject({ status: 'open', assigneeId: 'ben', notifiedAt: ctx.now().toISOString() });
    expect(ctx.mailer.to('ben@example.com').map((e) => e.subject)).toEqual([`Access recertification: ${hers.displayName} (x ${hers.handle}, ${hers.id})`]);
    expect((await ctx.store.getReview(escalated!.id))!.escalatedTo).toEqual(['root']);
    expect(await ctx.store.openReviewsAssignedTo('lea')).toEqual([]);
    expect(await ctx.store.openReviewsEscalatedTo('lea')).toEqual([]);
  });
});

describe('a review group', () => {
  it('is every assignable member of its team, however many pages the team takes', async () => {
    const ctx = await world();
    const team = Array.from({ length: 150 }, (_, i) => `sec-${String(i).padStart(3, '0')}`);
    for (const id of team) await person(ctx, id, { team: 'security' });
    expect(await groupMembers(ctx, 'security')).toEqual(team);
  });
});
