import { useEffect, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import type { Review, ReviewKind } from '../../../core/reviews/model.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { PagedTable } from '../tables.tsx';
import { useLive, useLoad, useSubmission } from '../hooks.ts';
import { useSession } from '../session.tsx';

export const reviewKindTitles: Record<ReviewKind, string> = { policy: 'Policy review', recertification: 'Access recertification', 'brand-audit': 'Brand audit', 'credential-age': 'Login age' };

export const reviewStatus = (r: Review) =>
  r.status === 'completed' ? (
    <StatusIndicator type="success">completed</StatusIndicator>
  ) : r.dueAt < new Date().toISOString() ? (
    <StatusIndicator type="error">overdue</StatusIndicator>
  ) : (
    <StatusIndicator type="pending">open</StatusIndicator>
  );

const columns: TableProps.ColumnDefinition<Review>[] = [
  { id: 'kind', header: 'Review', cell: (r) => <InternalLink href={`/reviews/${encodeURIComponent(r.id)}`}>{reviewKindTitles[r.kind]}</InternalLink> },
  { id: 'subject', header: 'Of', cell: (r) => <InternalLink href={`/${r.subjectType === 'account' ? 'accounts' : 'policies'}/${encodeURIComponent(r.subjectId)}`}>{r.subjectId}</InternalLink> },
  { id: 'assignee', header: 'Answered by', cell: (r) => r.assigneeId },
  { id: 'due', header: 'Deadline', cell: (r) => formatDate(r.dueAt) },
  { id: 'status', header: 'Status', cell: reviewStatus },
];

/** My open reviews first, soonest deadline first; then, for the governance team and auditors, every review. */
export default function ReviewsPage() {
  const { api, roles } = useSession();
  const [refreshed, setRefreshed] = useState(0);
  const refresh = () => setRefreshed((n) => n + 1);
  const mine = useLoad(async () => ((await ok(api.GET('/reviews', { params: { query: { mine: 'true' } } }))) as { items: Review[] }).items, [refreshed]);
  const seesAll = roles.includes('admin') || roles.includes('auditor');
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Recertify access, audit a brand, review a policy: here or by the link in your email." actions={roles.includes('admin') && <RunNow onDone={refresh} />}>
        Reviews
      </Header>
      {mine.state === 'failed' ? (
        <Problem title="Your reviews did not load" message={mine.message} />
      ) : (
        <Table
          header={<Header variant="h2" counter={mine.state === 'ready' ? `(${mine.value.length})` : undefined}>Waiting for me</Header>}
          loading={mine.state === 'loading'}
          items={mine.state === 'ready' ? mine.value : []}
          trackBy="id"
          columnDefinitions={columns}
          empty={<Box textAlign="center">No review waits for you.</Box>}
        />
      )}
      {seesAll && <AllReviews key={refreshed} />}
    </SpaceBetween>
  );
}

type RunStatus = { status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' };

/** Runs the scheduled reviews now (what the daily schedule runs), following the run until it ends. */
function RunNow({ onDone }: { onDone: () => void }) {
  const { api } = useSession();
  const [runId, setRunId] = useState<string>();
  const { outcome, sending, submit } = useSubmission(async () => {
    const started = (await ok(api.POST('/review-runs', { body: {} }))) as { runId: string };
    setRunId(started.runId);
    return started.runId;
  }, 'The run could not be started; try again.');
  const run = useLive(async () => (runId ? ((await ok(api.GET('/review-runs/{runId}', { params: { path: { runId } } }))) as RunStatus) : undefined), [runId], (r) => r === undefined || r.status !== 'RUNNING');
  const finished = run.state === 'ready' && run.value && run.value.status !== 'RUNNING';
  useEffect(() => {
    if (finished) onDone();
  }, [finished]);
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      {outcome && !outcome.ok && <StatusIndicator type="error">{outcome.message}</StatusIndicator>}
      {run.state === 'ready' && run.value && <StatusIndicator type={run.value.status === 'RUNNING' ? 'in-progress' : run.value.status === 'SUCCEEDED' ? 'success' : 'error'}>{`Run ${run.value.status.toLowerCase()}`}</StatusIndicator>}
      <Button loading={sending || (run.state === 'ready' && run.value?.status === 'RUNNING')} onClick={() => void submit()}>Run reviews now</Button>
    </SpaceBetween>
  );
}

function AllReviews() {
  const { api } = useSession();
  return (
    <PagedTable<Review>
      what="reviews"
      fetchPage={(next) => ok(api.GET('/reviews', { params: { query: { status: 'open', limit: '50', next } } }))}
      queryKey="open"
      header={<Header variant="h2">All open reviews</Header>}
      trackBy="id"
      columnDefinitions={columns}
      empty={<Box textAlign="center">No review is open.</Box>}
    />
  );
}
