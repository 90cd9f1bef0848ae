import { startTransition, useEffect, useState } from 'react';
import BarChart from '@cloudscape-design/components/bar-chart';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import LineChart from '@cloudscape-design/components/line-chart';
import PieChart from '@cloudscape-design/components/pie-chart';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import type { Kpis } from '../../../core/reviews/model.ts';
import { everyPage, ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { useLoad } from '../hooks.ts';
import { useSession } from '../session.tsx';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** The governance KPIs as the last review run or digest computed them. */
export default function DashboardPage() {
  const { api } = useSession();
  const loaded = useLoad(async () => (await ok(api.GET('/kpis'))) as Kpis, []);
  const history = useLoad(() => everyPage<Kpis>((next) => ok(api.GET('/kpis/history', { params: { query: { limit: '100', next } } })), 20), []);
  // The trends' two charts take a few hundred milliseconds to draw on a slow machine: drawn as a transition
  // once today's figures are on screen, the page stays responsive meanwhile.
  const [showTrends, setShowTrends] = useState(false);
  useEffect(() => {
    if (loaded.state === 'ready') startTransition(() => setShowTrends(true));
  }, [loaded.state]);
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The KPIs did not load" message={loaded.message} />;
  const k = loaded.value;
  const { windowDays: _window, ...reviewKinds } = k.reviewsOnTime;
  const tiers = Object.entries(k.credentialAgeDays);
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`As of ${formatDate(k.asOf)}`}>Dashboard</Header>
      <NeedsMe />
      <Container header={<Header variant="h2">At a glance</Header>}>
        <ColumnLayout columns={4} variant="text-grid">
          <Figure label="Accounts with owner and backup" value={percent(k.accounts.shareWithBoth)} detail={`${k.accounts.withBoth} of ${k.accounts.active} active`} />
          <Figure label="Grant holders with current training" value={percent(k.training.share)} detail={`${k.training.withCurrentTraining} of ${k.training.holdersOfGrants}`} />
          <Figure label="Open single points of failure" value={String(k.singlePoints.open)} detail={`on ${k.singlePoints.accounts} accounts`} />
          <Figure label="Reviews open (overdue)" value={`${k.reviewsOpen.open} (${k.reviewsOpen.overdue})`} detail="" />
        </ColumnLayout>
      </Container>
      <ColumnLayout columns={2}>
        <CategoryBars
          title="Reviews on time, by kind"
          stacked
          categories={Object.entries(reviewKinds)}
          series={{ 'On time': (r) => r.onTime, Late: (r) => r.late }}
          empty="No reviews were due."
        />
        <CategoryBars
          title="Login age by risk tier (days)"
          categories={tiers}
          series={{ 'Oldest login': (t) => t.oldestDays ?? 0, 'Median login': (t) => t.medianDays ?? 0, 'Limit for the tier': (t) => t.limitDays }}
          empty="No shared logins yet."
        />
        <Container header={<Header variant="h2">Open single points of failure, by kind</Header>}>
          <PieChart
            data={Object.entries(k.singlePoints.byCode).map(([code, value]) => ({ title: code, value }))}
            size="medium"
            ariaLabel="Open single points of failure by kind"
            hideFilter
            empty={<Box textAlign="center">None open.</Box>}
          />
        </Container>
        <Container header={<Header variant="h2">Departures</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <Figure label="Cases" value={String(k.departures.cases)} detail="" />
            <Figure label="Median hours to revoked" value={k.departures.medianHoursToRevoked?.toFixed(1) ?? '—'} detail="" />
            <Figure label="Median hours to rotated" value={k.departures.medianHoursToRotated?.toFixed(1) ?? '—'} detail={`${k.departures.waitingOnPeople} waiting on people`} />
          </ColumnLayout>
        </Container>
      </ColumnLayout>
      {showTrends && history.state === 'ready' && <Trends snapshots={history.value} />}
    </SpaceBetween>
  );
}

/** What waits on the reader: decisions and reviews, each a link to where it is done. */
function NeedsMe() {
  const { api } = useSession();
  const loaded = useLoad(async () => {
    const [approvals, reviews] = await Promise.all([ok(api.GET('/approvals', { params: { query: { mine: 'true' } } })), ok(api.GET('/reviews', { params: { query: { mine: 'true' } } }))]);
    return { decisions: (approvals as { awaitingMe?: unknown[] }).awaitingMe?.length ?? 0, reviews: (reviews as { items: unknown[] }).items.length };
  }, []);
  if (loaded.state !== 'ready') return null;
  const { decisions, reviews } = loaded.value;
  return (
    <Container header={<Header variant="h2">What needs me now</Header>}>
      {decisions + reviews === 0 ? (
        <Box>Nothing waits for you.</Box>
      ) : (
        <ColumnLayout columns={2} variant="text-grid">
          <Figure label="Requests waiting for my decision" value={String(decisions)} detail="" link={decisions ? '/approvals' : undefined} />
          <Figure label="Reviews waiting for me" value={String(reviews)} detail="" link={reviews ? '/reviews' : undefined} />
        </ColumnLayout>
      )}
    </Container>
  );
}

/** The KPIs over time, one point per computation (each review run and digest keeps one). */
function Trends({ snapshots }: { snapshots: Kpis[] }) {
  const line = (title: string, measure: (k: Kpis) => number | null) => ({
    title,
    type: 'line' as const,
    data: snapshots.flatMap((k) => (measure(k) === null ? [] : [{ x: new Date(k.asOf), y: measure(k)! }])),
  });
  const percent = (share: number | null) => (share === null ? null : Math.round(share * 100));
  return (
    <ColumnLayout columns={2}>
      <TrendChart
        title="Coverage over time (%)"
        yDomain={[0, 100]}
        series={[line('Accounts with owner and backup', (k) => percent(k.accounts.shareWithBoth)), line('Grant holders with current training', (k) => percent(k.training.share))]}
      />
      <TrendChart title="Open single points of failure over time" series={[line('Open', (k) => k.singlePoints.open), line('Reviews overdue', (k) => k.reviewsOpen.overdue)]} />
    </ColumnLayout>
  );
}

function TrendChart({ title, series, yDomain }: { title: string; series: { title: string; type: 'line'; data: { x: Date; y: number }[] }[]; yDomain?: [number, number] }) {
  return (
    <Container header={<Header variant="h2">{title}</Header>}>
      <LineChart
        series={series}
        xScaleType="time"
        yDomain={yDomain}
        i18nStrings={{ xTickFormatter: (d: Date) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) }}
        height={220}
        hideFilter
        ariaLabel={title}
        empty={<Box textAlign="center">Trends start with the next review run.</Box>}
      />
    </Container>
  );
}

/** A bar chart over named categories, one bar series per measure. */
function CategoryBars<T>({ title, categories, series, stacked, empty }: { title: string; categories: [string, T][]; series: Record<string, (value: T) => number>; stacked?: boolean; empty: string }) {
  return (
    <Container header={<Header variant="h2">{title}</Header>}>
      <BarChart
        series={Object.entries(series).map(([name, measure]) => ({ title: name, type: 'bar' as const, data: categories.map(([x, value]) => ({ x, y: measure(value) })) }))}
        stackedBars={stacked}
        xScaleType="categorical"
        hideFilter
        height={220}
        ariaLabel={title}
        empty={<Box textAlign="center">{empty}</Box>}
      />
    </Container>
  );
}

function Figure({ label, value, detail, link }: { label: string; value: string; detail: string; link?: string }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Box variant="awsui-value-large">{link ? <InternalLink href={link}>{value}</InternalLink> : value}</Box>
      {detail && <Box color="text-body-secondary">{detail}</Box>}
    </div>
  );
}
