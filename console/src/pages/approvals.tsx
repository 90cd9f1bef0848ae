import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { ApprovalRequest } from '../../../core/approvals/model.ts';
import { ok } from '../api.ts';
import { formatDate, Problem, useLoad } from '../components.tsx';
import { useSession } from '../session.tsx';

const kindTitles: Record<ApprovalRequest['kind'], string> = { 'access-request': 'Access', 'new-account': 'New account', 'successor-acceptance': 'Successor' };

const status = (s: ApprovalRequest['status']) => (
  <StatusIndicator type={s === 'approved' ? 'success' : s === 'pending' ? 'pending' : s === 'rejected' ? 'error' : 'stopped'}>{s}</StatusIndicator>
);

/** What waits for my decision, and what I asked for. */
export default function ApprovalsPage() {
  const { api } = useSession();
  const loaded = useLoad(async () => (await ok(api.GET('/approvals', { params: { query: { mine: 'true' } } }))) as { items: ApprovalRequest[]; awaitingMe?: ApprovalRequest[] }, []);
  if (loaded.state === 'failed') return <Problem title="The approvals did not load" message={loaded.message} />;
  const value = loaded.state === 'ready' ? loaded.value : { items: [], awaitingMe: [] };
  const columns = [
    { id: 'id', header: 'Request', cell: (r: ApprovalRequest) => r.id },
    { id: 'kind', header: 'Kind', cell: (r: ApprovalRequest) => kindTitles[r.kind] },
    { id: 'account', header: 'Account', cell: (r: ApprovalRequest) => r.accountId ?? '—' },
    { id: 'requester', header: 'Asked by', cell: (r: ApprovalRequest) => r.requesterId },
    { id: 'stage', header: 'Stage', cell: (r: ApprovalRequest) => `${r.currentStage + 1} of ${r.stages.length}` },
    { id: 'status', header: 'Status', cell: (r: ApprovalRequest) => status(r.status) },
    { id: 'deadline', header: 'Decide by', cell: (r: ApprovalRequest) => formatDate(r.stages[r.currentStage]?.deadlineAt) },
  ];
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Decisions go by the signed link in each approver's email.">Approvals</Header>
      <Table
        header={<Header variant="h2" counter={`(${value.awaitingMe?.length ?? 0})`}>Waiting for my decision</Header>}
        loading={loaded.state === 'loading'}
        items={value.awaitingMe ?? []}
        trackBy="id"
        columnDefinitions={columns}
        empty={<Box textAlign="center">Nothing waits for you.</Box>}
      />
      <Table
        header={<Header variant="h2" counter={`(${value.items.length})`}>My requests</Header>}
        loading={loaded.state === 'loading'}
        items={value.items}
        trackBy="id"
        columnDefinitions={columns}
        empty={<Box textAlign="center">You have not asked for anything yet. Request access from an account's page.</Box>}
      />
    </SpaceBetween>
  );
}
