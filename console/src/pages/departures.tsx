import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { CaseStatus, DepartureSummary } from '../../../core/handover/model.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink } from '../components.tsx';
import { PagedTable } from '../tables.tsx';
import { useSession } from '../session.tsx';

const caseStatusTypes: Record<CaseStatus, StatusIndicatorProps.Type> = { scheduled: 'pending', running: 'in-progress', waiting: 'warning', completed: 'success', partial: 'error' };
export const caseStatus = (status: CaseStatus) => <StatusIndicator type={caseStatusTypes[status]}>{status}</StatusIndicator>;

/** Departure cases, newest first; HR starts one from a person's page. */
export default function DeparturesPage() {
  const { api } = useSession();
  return (
    <PagedTable<DepartureSummary>
      what="departures"
      fetchPage={(next) => ok(api.GET('/departures', { params: { query: { limit: '50', next } } }))}
      queryKey="all"
      variant="full-page"
      trackBy="id"
      header={<Header variant="h1" description="Each leaver's handover: access revoked, every login they knew rotated, ownership handed on.">Departures</Header>}
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
