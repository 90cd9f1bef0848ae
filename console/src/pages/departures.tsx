import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { CaseStatus, DepartureSummary } from '../../../core/handover/model.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink, Problem, paginationLabels, useServerPages } from '../components.tsx';
import { useSession } from '../session.tsx';

const caseStatusTypes: Record<CaseStatus, StatusIndicatorProps.Type> = { scheduled: 'pending', running: 'in-progress', waiting: 'warning', completed: 'success', partial: 'error' };
export const caseStatus = (status: CaseStatus) => <StatusIndicator type={caseStatusTypes[status]}>{status}</StatusIndicator>;

/** Departure cases, newest first; HR starts one from a person's page. */
export default function DeparturesPage() {
  const { api } = useSession();
  const { loaded, pagination } = useServerPages(async (next) => (await ok(api.GET('/departures', { params: { query: { limit: '50', next } } }))) as { items: DepartureSummary[]; next?: string }, 'all');
  if (loaded.state === 'failed') return <Problem title="The departures did not load" message={loaded.message} />;
  return (
    <Table
      variant="full-page"
      loading={loaded.state === 'loading'}
      loadingText="Loading departures"
      items={loaded.state === 'ready' ? loaded.value.items : []}
      trackBy="id"
      header={<Header variant="h1" description="Each leaver's handover: access revoked, every login they knew rotated, ownership handed on.">Departures</Header>}
      pagination={<Pagination {...pagination} ariaLabels={paginationLabels} />}
      empty={<Box textAlign="center">No departures yet. HR starts one from a person's page.</Box>}
      columnDefinitions={[
        { id: 'id', header: 'Case', cell: (c) => <InternalLink href={`/departures/${encodeURIComponent(c.id)}`}>{c.id}</InternalLink> },
        { id: 'person', header: 'Leaver', cell: (c) => c.personId },
        { id: 'effective', header: 'Effective', cell: (c) => formatDate(c.effectiveAt) },
        { id: 'status', header: 'Status', cell: (c) => caseStatus(c.status) },
        { id: 'revoked', header: 'All access revoked', cell: (c) => formatDate(c.revokedAt) },
        { id: 'rotated', header: 'All logins rotated', cell: (c) => formatDate(c.rotatedAt) },
      ]}
    />
  );
}
