import BarChart from '@cloudscape-design/components/bar-chart';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import PieChart from '@cloudscape-design/components/pie-chart';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import type { Kpis } from '../../../core/reviews/kpis.ts';
import { ok } from '../api.ts';
import { formatDate, Problem, useLoad } from '../components.tsx';
import { useSession } from '../session.tsx';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** The governance KPIs as the last review run or digest computed them. */
export default function DashboardPage() {
  const { api } = useSession();
  const loaded = useLoad(async () => (await ok(api.GET('/kpis'))) as Kpis, []);
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The KPIs did not load" message={loaded.message} />;
  const k = loaded.value;
  const { windowDays: _window, ...reviewKinds } = k.reviewsOnTime;
  const tiers = Object.entries(k.credentialAgeDays);
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`As of ${formatDate(k.asOf)}`}>Dashboard</Header>
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
    </SpaceBetween>
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

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Box variant="awsui-value-large">{value}</Box>
      {detail && <Box color="text-body-secondary">{detail}</Box>}
    </div>
  );
}
