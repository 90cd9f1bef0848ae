import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Textarea from '@cloudscape-design/components/textarea';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { ApprovalRequest } from '../../../core/approvals/model.ts';
import { ok } from '../api.ts';
import { DialogFooter } from '../dialogs.tsx';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { useLoad, useSubmission } from '../hooks.ts';
import { useSession } from '../session.tsx';

export const kindTitles: Record<ApprovalRequest['kind'], string> = { 'access-request': 'Access', 'new-account': 'New account', 'successor-acceptance': 'Successor' };

export const requestStatus = (s: ApprovalRequest['status']) => (
  <StatusIndicator type={s === 'approved' ? 'success' : s === 'pending' ? 'pending' : s === 'rejected' ? 'error' : 'stopped'}>{s}</StatusIndicator>
);

/** What waits for my decision (decided here under the email link's rules), and what I asked for. */
export default function ApprovalsPage() {
  const { api } = useSession();
  const [refreshed, setRefreshed] = useState(0);
  const [deciding, setDeciding] = useState<ApprovalRequest>();
  const loaded = useLoad(async () => (await ok(api.GET('/approvals', { params: { query: { mine: 'true' } } }))) as { items: ApprovalRequest[]; awaitingMe?: ApprovalRequest[] }, [refreshed]);
  if (loaded.state === 'failed') return <Problem title="The approvals did not load" message={loaded.message} />;
  const value = loaded.state === 'ready' ? loaded.value : { items: [], awaitingMe: [] };
  const columns = [
    { id: 'id', header: 'Request', cell: (r: ApprovalRequest) => <InternalLink href={`/approvals/${encodeURIComponent(r.id)}`}>{r.id}</InternalLink> },
    { id: 'kind', header: 'Kind', cell: (r: ApprovalRequest) => kindTitles[r.kind] },
    { id: 'account', header: 'Account', cell: (r: ApprovalRequest) => r.accountId ?? '—' },
    { id: 'requester', header: 'Asked by', cell: (r: ApprovalRequest) => r.requesterId },
    { id: 'stage', header: 'Stage', cell: (r: ApprovalRequest) => `${r.currentStage + 1} of ${r.stages.length}` },
    { id: 'status', header: 'Status', cell: (r: ApprovalRequest) => requestStatus(r.status) },
    { id: 'deadline', header: 'Decide by', cell: (r: ApprovalRequest) => formatDate(r.stages[r.currentStage]?.deadlineAt) },
  ];
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Decide here or by the link in your email: each approver decides once.">Approvals</Header>
      <Table
        header={<Header variant="h2" counter={`(${value.awaitingMe?.length ?? 0})`}>Waiting for my decision</Header>}
        loading={loaded.state === 'loading'}
        items={value.awaitingMe ?? []}
        trackBy="id"
        columnDefinitions={[...columns, { id: 'decide', header: 'Decision', cell: (r: ApprovalRequest) => <Button ariaLabel={`Decide ${r.id}`} onClick={() => setDeciding(r)}>Decide</Button> }]}
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
      {deciding && (
        <DecisionDialog
          request={deciding}
          onClose={(decided) => {
            setDeciding(undefined);
            if (decided) setRefreshed((n) => n + 1);
          }}
        />
      )}
    </SpaceBetween>
  );
}

function DecisionDialog({ request, onClose }: { request: ApprovalRequest; onClose: (decided: boolean) => void }) {
  const { api } = useSession();
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  const [comment, setComment] = useState('');
  const stage = request.stages[request.currentStage];
  const { outcome, sending, submit } = useSubmission(
    async () => ((await ok(api.POST('/approvals/{approvalId}/decisions', { params: { path: { approvalId: request.id } }, body: { decision, ...(comment.trim() ? { comment } : {}) } }))) as { message: string }).message,
    'The decision could not be sent; nothing was recorded. Try again.',
  );
  return (
    <Modal
      visible
      onDismiss={() => onClose(outcome?.ok ?? false)}
      header={`Decide ${request.id}`}
      closeAriaLabel="Close the dialog"
      footer={<DialogFooter done={outcome?.ok} sending={sending} action="Record decision" onAction={submit} onClose={() => onClose(outcome?.ok ?? false)} />}
    >
      {outcome?.ok ? (
        <Alert type="success" header="Decision recorded">{outcome.value}</Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && !outcome.ok && <Alert type="error">{outcome.message}</Alert>}
          <Box>
            {kindTitles[request.kind]} asked by {request.requesterId}{request.accountId ? ` for ${request.accountId}` : ''}: “{request.reason}”. Stage {request.currentStage + 1} of {request.stages.length}
            {stage ? `, ${stage.name}` : ''}.
          </Box>
          <FormField label="Decision">
            <RadioGroup value={decision} onChange={({ detail }) => setDecision(detail.value as 'approve' | 'reject')} items={[{ value: 'approve', label: 'Approve' }, { value: 'reject', label: 'Reject' }]} />
          </FormField>
          <FormField label="Comment (optional)" description="The requester and the other approvers see it.">
            <Textarea value={comment} onChange={({ detail }) => setComment(detail.value)} />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}
