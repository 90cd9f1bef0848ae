import * as z from 'zod';
import { composeEmail, sendOnce } from '../messaging/index.ts';
import { requireRole, type Principal } from '../auth.ts';
import { isLive, stamp, trainingCurrent } from '../registry/index.ts';
import { allPages, eachPage, type Page } from '../paging.ts';
import { riskTiers, type Account, type Person, type RiskTier } from '../registry/model.ts';
import type { DepartureSummary } from '../handover/model.ts';
import { DAY_MS, daysBefore } from './cadences.ts';
import { onTime, reviewKinds, type Kpis, type ReviewKind } from './model.ts';
import type { ReviewContext } from './ports.ts';
import { inParallel } from '../batches.ts';
import { parseInput } from '../validation.ts';
import { groupMembers } from './reviews.ts';


const ON_TIME_WINDOW_DAYS = 90;
const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);
const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round((sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
};

/** The KPIs read whole lists: pages twice the API's longest, for fewer round trips. */
const KPI_PAGE = 200;

/**
 * The governance team and auditors read the KPIs: as the last review run or digest computed them (reading a
 * large registry takes a while; `fresh` computes them now, and keeps them).
 */
export async function kpisFor(ctx: ReviewContext, principal: Principal, options: { fresh?: boolean } = {}): Promise<Kpis> {
  requireRole(principal, 'admin', 'auditor');
  // A computation writes (the latest figures and a snapshot for the trends): the governance team's, as documented.
  if (options.fresh) requireRole(principal, 'admin');
  if (!options.fresh) {
    const latest = await ctx.store.latestKpis();
    if (latest) return latest;
  }
  return refreshKpis(ctx);
}

const historyFrom = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** The KPIs as each review run, digest or fresh computation found them, oldest first: the dashboard's trends (90 days unless `from`). */
export async function kpiHistory(ctx: ReviewContext, principal: Principal, from: string | undefined, page: { limit: number; next?: string }): Promise<Page<Kpis>> {
  requireRole(principal, 'admin', 'auditor');
  const since = from === undefined ? new Date(ctx.now().getTime() - 90 * 86_400_000).toISOString() : parseInput(historyFrom, from, 'from');
  const history = await ctx.store.kpiHistory(since, page);
  // A snapshot carries its expiry for the table's TTL; that is storage, not a figure.
  return { ...history, items: history.items.map(({ expiresAt: _expiry, ...kpis }: Kpis & { expiresAt?: number }) => kpis) };
}

/** Computes the KPIs and keeps them as the latest: a figure the review run and the digest refresh. */
export async function refreshKpis(ctx: ReviewContext): Promise<Kpis> {
  const kpis = await computeKpis(ctx);
  await ctx.store.saveKpis(kpis);
  return kpis;
}

async function computeKpis(ctx: ReviewContext): Promise<Kpis> {
  const now = ctx.now();
  const accounts = await allPages<Account>((page) => ctx.store.listAccounts({ status: 'active' }, page), KPI_PAGE);
  const people = new Map<string, Promise<Person | undefined>>();
  const person = (id: string) => {
    if (!people.has(id)) people.set(id, ctx.store.getPerson(id));
    return people.get(id)!;
  };
  let withOwner = 0;
  let withBackupOwner = 0;
  let withBoth = 0;
  const holders = new Set<string>();
  const ages: Record<RiskTier, number[]> = { low: [], medium: [], high: [], critical: [] };
  await inParallel(accounts, 16, async (account) => {
    const owner = (await person(account.ownerId))?.status === 'active';
    const backup = account.backupOwnerId !== undefined && (await person(account.backupOwnerId))?.status === 'active';
    if (owner) withOwner++;
    if (backup) withBackupOwner++;
    if (owner && backup) withBoth++;
    if (account.credential) ages[account.riskTier].push((now.getTime() - Date.parse(account.credential.setAt)) / DAY_MS);
    for (const grant of await ctx.store.grantsOfAccount(account.id)) if (isLive(grant, now)) holders.add(grant.personId);
  });
  let trained = 0;
  await inParallel([...holders], 16, async (id) => {
    const holder = await person(id);
    if (holder && trainingCurrent(holder, now)) trained++;
  });

  const from = daysBefore(now, ON_TIME_WINDOW_DAYS);
  const to = stamp(now);
  const reviewsOnTime = { windowDays: ON_TIME_WINDOW_DAYS } as Kpis['reviewsOnTime'];
  for (const kind of reviewKinds) {
    const due = await ctx.store.reviewsDueBetween(kind, from, to);
    const onTimeCount = due.filter(onTime).length;
    reviewsOnTime[kind] = { due: due.length, onTime: onTimeCount, late: due.length - onTimeCount, share: share(onTimeCount, due.length) };
  }
  const open = await allPages((page) => ctx.store.listReviews({ status: 'open' }, page), KPI_PAGE);

  // The medians are over the window's cases (newest first, so reading stops at the window's start); what still
  // waits on people is counted whatever its age, from the due index of reported cases waiting.
  const cases: DepartureSummary[] = [];
  let pastWindow = false;
  await eachPage(
    (page) => ctx.store.listDepartures(page),
    (page) => {
      cases.push(...page.filter((c) => c.createdAt >= from));
      pastWindow = page.some((c) => c.createdAt < from);
    },
    { limit: KPI_PAGE, enough: () => pastWindow },
  );
  const waiting = await allPages((page) => ctx.store.dueBy('HANDOVER_WAITING', '9999', page), KPI_PAGE);
  const hours = (fromAt: string, toAt: string | undefined) => (toAt ? (Date.parse(toAt) - Date.parse(fromAt)) / 3_600_000 : undefined);
  const toRevoked = cases.map((c) => hours(c.effectiveAt, c.revokedAt)).filter((h): h is number => h !== undefined);
  const toRotated = cases.map((c) => hours(c.effectiveAt, c.rotatedAt)).filter((h): h is number => h !== undefined);

  const findings = await allPages((page) => ctx.store.listFindings('open', page), KPI_PAGE);
  const byCode: Record<string, number> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;

  return {
    asOf: to,
    accounts: { active: accounts.length, withOwner, withBackupOwner, withBoth, shareWithBoth: share(withBoth, accounts.length) },
    reviewsOnTime,
    departures: { cases: cases.length, medianHoursToRevoked: median(toRevoked), medianHoursToRotated: median(toRotated), waitingOnPeople: waiting.length },
    credentialAgeDays: Object.fromEntries(
      riskTiers.map((tier) => {
        const limitDays = ctx.cadences.credentialMaxAgeDays[tier];
        const values = ages[tier];
        return [tier, { logins: values.length, medianDays: median(values), oldestDays: values.length ? Math.round(Math.max(...values) * 10) / 10 : null, overLimit: values.filter((d) => d > limitDays).length, limitDays }];
      }),
    ) as Kpis['credentialAgeDays'],
    training: { holdersOfGrants: holders.size, withCurrentTraining: trained, share: share(trained, holders.size) },
    singlePoints: { open: findings.length, byCode, accounts: new Set(findings.map((f) => f.accountId)).size },
    reviewsOpen: { open: open.length, overdue: open.filter((r) => r.dueAt < to).length },
  };
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value * 1000) / 10}%`);

/** The KPIs as label/value lines: the digest email and `govern kpis` print the same. */
export function kpiLines(k: Kpis): [string, string][] {
  return [
    ['Accounts with an owner and a backup owner', `${k.accounts.withBoth} of ${k.accounts.active} (${percent(k.accounts.shareWithBoth)})`],
    ...reviewKinds.map((kind): [string, string] => [`Reviews on time: ${kind} (last ${k.reviewsOnTime.windowDays} days)`, `${k.reviewsOnTime[kind].onTime} of ${k.reviewsOnTime[kind].due} (${percent(k.reviewsOnTime[kind].share)})`]),
    ['Open reviews', `${k.reviewsOpen.open} (${k.reviewsOpen.overdue} overdue)`],
    ['Departure → all access revoked (median)', k.departures.medianHoursToRevoked === null ? 'n/a' : `${k.departures.medianHoursToRevoked} h over ${k.departures.cases} case(s)`],
    ['Departure → all logins rotated (median)', k.departures.medianHoursToRotated === null ? 'n/a' : `${k.departures.medianHoursToRotated} h`],
    ['Departure cases still waiting on people', String(k.departures.waitingOnPeople)],
    ...riskTiers.map((tier): [string, string] => {
      const a = k.credentialAgeDays[tier];
      return [`Login age, ${tier} tier (limit ${a.limitDays} d)`, a.logins ? `median ${a.medianDays} d, oldest ${a.oldestDays} d, ${a.overLimit} over the limit, of ${a.logins}` : 'no logins'];
    }),
    ['Grant holders with current training', `${k.training.withCurrentTraining} of ${k.training.holdersOfGrants} (${percent(k.training.share)})`],
    ['Open single points of failure', `${k.singlePoints.open} on ${k.singlePoints.accounts} account(s)${Object.keys(k.singlePoints.byCode).length ? `: ${Object.entries(k.singlePoints.byCode).map(([code, n]) => `${code} ${n}`).join(', ')}` : ''}`],
  ];
}

/** The weekly digest to the escalation group (the governance team). */
/**
 * The digest of one scheduled time, to each member of the governance team once: Scheduler delivers at least
 * once, so a second delivery of the same firing (or a retry) finds each member's email already sent.
 */
export async function sendDigest(ctx: ReviewContext, scheduledTime: string): Promise<{ kpis: Kpis; recipients: number }> {
  const kpis = await refreshKpis(ctx);
  const members = await groupMembers(ctx, ctx.cadences.escalateTo);
  for (const id of members) {
    const member = await ctx.store.getPerson(id);
    if (!member) continue;
    const email = composeEmail(member.email, `Steward weekly governance digest, ${kpis.asOf.slice(0, 10)}`, ['Where the social media governance model stands this week.', 'Details: govern kpis, govern reviews list --status open, govern findings.'], kpiLines(kpis));
    await sendOnce(ctx, `digest/${scheduledTime}/${id}`, email);
  }
  return { kpis, recipients: members.length };
}
