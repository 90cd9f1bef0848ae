import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { ApprovalRequest, StageState } from '../../../core/approvals/model.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { type TimelineEntry, TimelineTable } from '../tables.tsx';
import { useLoad } from '../hooks.ts';
import type { PageProps } from '../routes.ts';
import { useSession } from '../session.tsx';
import { kindTitles, requestStatus } from './approvals.tsx';

const stageStatus = (s: StageState['status']) => (
  <StatusIndicator type={s === 'approved' ? 'success' : s === 'pending' ? 'pending' : s === 'rejected' ? 'error' : s === 'expired' ? 'stopped' : 'info'}>{s}</StatusIndicator>
);

/** One request: what is asked, each stage with its approvers and decisions, and its timeline from the audit trail. */
export default function ApprovalPage({ params }: PageProps) {
  const { api } = useSession();
  const approvalId = params.approvalId!;
  const loaded = useLoad(
    async () => (await ok(api.GET('/approvals/{approvalId}', { params: { path: { approvalId } } }))) as ApprovalRequest & { timeline: TimelineEntry[] },
    [approvalId],
  );
  if (loaded.state === 'loading') return <Spinner size="large" />;
  if (loaded.state === 'failed') return <Problem title="The request did not load" message={loaded.message} />;
  const r = loaded.value;
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={`“${r.reason}”`}>
        {kindTitles[r.kind]} request {r.id}
      </Header>
      <Container header={<Header variant="h2">Request</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Status', value: requestStatus(r.status) },
            { label: 'Asked by', value: r.requesterId },
            { label: 'Risk tier', value: r.riskTier },
            { label: 'Account', value: r.accountId ? <InternalLink href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</InternalLink> : '—' },
            { label: 'What is asked', value: subjectSummary(r) },
            { label: 'Outcome', value: r.outcome ? `${r.outcome.status} by ${r.outcome.by}, ${formatDate(r.outcome.at)}${r.outcome.note ? `: “${r.outcome.note}”` : ''}` : 'not decided yet' },
          ]}
        />
      </Container>
      <Table
        header={<Header variant="h2">Stages</Header>}
        items={r.stages}
        trackBy="index"
        columnDefinitions={[
          { id: 'stage', header: 'Stage', cell: (s) => `${s.index + 1}. ${s.name}` },
          { id: 'status', header: 'Status', cell: (s) => stageStatus(s.status) },
          { id: 'approvers', header: 'Approvers', cell: (s) => `${s.approvers.join(', ')} (${s.mode === 'all' ? 'all must approve' : 'any one'})` },
          { id: 'decisions', header: 'Decisions', cell: (s) => (s.decisions.length ? s.decisions.map((d) => `${d.approverId}: ${d.decision} ${formatDate(d.at)}${d.comment ? ` “${d.comment}”` : ''}`).join('; ') : '—') },
          { id: 'deadline', header: 'Decide by', cell: (s) => formatDate(s.deadlineAt) },
          { id: 'escalated', header: 'Escalated', cell: (s) => (s.escalatedAt ? formatDate(s.escalatedAt) : '—') },
        ]}
        empty={<Box textAlign="center">No stages.</Box>}
      />
      <TimelineTable entries={r.timeline} />
    </SpaceBetween>
  );
}

function subjectSummary(r: ApprovalRequest): string {
  switch (r.kind) {
    case 'access-request':
      return `${r.subject.role} for ${r.subject.durationDays} days${r.subject.credentialAccess ? ', with the shared login' : ''}`;
    case 'new-account':
      return `${r.subject.handle} on ${r.subject.platform}, owned by ${r.subject.ownerId}`;
    case 'successor-acceptance':
      return `${r.subject.successorId} takes over ${r.subject.accountIds.length} account${r.subject.accountIds.length === 1 ? '' : 's'}${r.subject.departingPersonId ? ` from ${r.subject.departingPersonId}` : ''}`;
  }
}
