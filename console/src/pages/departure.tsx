import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { AccountResult, ControlKind, DepartureCase } from '../../../core/handover/model.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { useLive, useSubmission } from '../hooks.ts';
import type { PageProps } from '../routes.ts';
import { useSession } from '../session.tsx';
import { caseStatus } from './departures.tsx';

const controlTitles: Record<ControlKind, string> = { 'native-admin': 'platform admin', 'recovery-email': 'recovery email', 'recovery-phone': 'recovery phone', 'two-factor': 'second factor' };

/** Departure → this moment, in words ("4 min 12 s"); absent while it has not happened. */
function elapsed(from: string, to: string | undefined): string {
  if (!to) return 'not yet';
  const seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  const parts = [[Math.floor(seconds / 86_400), 'd'], [Math.floor(seconds / 3600) % 24, 'h'], [Math.floor(seconds / 60) % 60, 'min'], [seconds % 60, 's']] as const;
  const shown = parts.filter(([value]) => value > 0).slice(0, 2);
  return `${formatDate(to)} (${shown.length ? shown.map(([value, unit]) => `${value} ${unit}`).join(' ') : '0 s'} after departure)`;
}

const stepStatus = (state: 'done' | 'waiting' | 'failed' | 'none', text: string) => (
  <StatusIndicator type={state === 'done' ? 'success' : state === 'waiting' ? 'pending' : state === 'failed' ? 'error' : 'stopped'}>{text}</StatusIndicator>
);

function rotation(r: AccountResult) {
  if (!r.relations.includes('credential') && !r.rotation) return '—';
  if (!r.rotation) return stepStatus('waiting', 'to rotate');
  const state = r.rotation.status === 'rotated' || r.rotation.status === 'no-login' ? 'done' : r.rotation.status === 'failed' ? 'failed' : 'waiting';
  return stepStatus(state, r.rotation.status === 'no-login' ? 'no login stored' : r.rotation.status === 'waiting' ? 'waiting for a custodian' : r.rotation.status);
}

function transfer(r: AccountResult) {
  if (!r.relations.includes('owner') && !r.relations.includes('backup')) return '—';
  if (!r.transfer) return stepStatus('waiting', 'to hand over');
  const state = r.transfer.status === 'transferred' || r.transfer.status === 'backup-removed' ? 'done' : r.transfer.status === 'failed' ? 'failed' : 'waiting';
  const text = r.transfer.status === 'waiting' ? `waiting for ${r.transfer.to ?? 'a successor'} to accept` : r.transfer.status === 'backup-removed' ? 'backup removed' : `${r.transfer.status}${r.transfer.to ? ` to ${r.transfer.to}` : ''}`;
  return stepStatus(state, text);
}

/** Nothing moves on a closed case, nor on a scheduled one before its day (the page is opened again then). */
const settled = (c: DepartureCase) => c.closedAt !== undefined || c.status === 'completed' || (c.status === 'scheduled' && Date.parse(c.effectiveAt) > Date.now() + 60_000);

/** One case, live: per account what was revoked, rotated, handed on and which platform-side controls are left. */
export default function DeparturePage({ params }: PageProps) {
  const { api } = useSession();
  const caseId = params.caseId!;
  const live = useLive(async () => (await ok(api.GET('/departures/{caseId}', { params: { path: { caseId } } }))) as DepartureCase, [caseId], settled);
  if (live.state === 'loading') return <Spinner size="large" />;
  if (live.state === 'failed') return <Problem title="The departure did not load" message={live.message} />;
  const c = live.value;
  const results = Object.values(c.accounts).sort((a, b) => a.accountId.localeCompare(b.accountId));
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={settled(c) ? 'Closed: nothing is left waiting on anyone.' : 'This page follows the case as it runs.'}>
        Departure of {c.personId}
      </Header>
      <Container header={<Header variant="h2">Case {c.id}</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Status', value: caseStatus(c.status) },
            { label: 'Leaver', value: <InternalLink href={`/people/${encodeURIComponent(c.personId)}`}>{c.personId}</InternalLink> },
            { label: 'Successor', value: c.successorId ?? 'each account by its own rule' },
            { label: 'Effective', value: formatDate(c.effectiveAt) },
            { label: 'All access revoked', value: elapsed(c.effectiveAt, c.revokedAt) },
            { label: 'All logins rotated', value: elapsed(c.effectiveAt, c.rotatedAt) },
            { label: 'Requested by', value: c.requestedBy },
            { label: 'Report sent', value: formatDate(c.reportedAt) },
            { label: 'Closed', value: formatDate(c.closedAt) },
          ]}
        />
      </Container>
      <Table
        header={<Header variant="h2" counter={`(${results.length})`} description="What the leaver owned, backed up, could use or knew the login of.">Accounts</Header>}
        items={results}
        trackBy="accountId"
        empty={<Box textAlign="center">{c.status === 'scheduled' ? 'The handover has not started yet.' : 'The leaver had nothing on any account.'}</Box>}
        columnDefinitions={[
          { id: 'account', header: 'Account', cell: (r) => <InternalLink href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</InternalLink> },
          { id: 'relations', header: 'Leaver was', cell: (r) => r.relations.join(', ') },
          { id: 'revoked', header: 'Access', cell: (r) => (r.revoked ? stepStatus('done', `revoked (${r.revoked.grantIds.length})`) : r.relations.includes('grant') ? stepStatus('waiting', 'to revoke') : '—') },
          { id: 'rotation', header: 'Login', cell: rotation },
          { id: 'transfer', header: 'Ownership', cell: transfer },
          { id: 'controls', header: 'Platform-side controls', cell: (r) => <Controls caseId={c.id} result={r} onConfirmed={live.refresh} /> },
        ]}
      />
    </SpaceBetween>
  );
}

function Controls({ caseId, result, onConfirmed }: { caseId: string; result: AccountResult; onConfirmed: () => void }) {
  if (!result.controls?.length) return <>—</>;
  return (
    <SpaceBetween size="xxs">
      {result.controls.map((task) => (
        <ControlTask key={task.kind} caseId={caseId} accountId={result.accountId} task={task} onConfirmed={onConfirmed} />
      ))}
    </SpaceBetween>
  );
}

function ControlTask({ caseId, accountId, task, onConfirmed }: { caseId: string; accountId: string; task: NonNullable<AccountResult['controls']>[number]; onConfirmed: () => void }) {
  const { api, personId, roles } = useSession();
  const { outcome, sending, submit } = useSubmission(async () => {
    await ok(api.POST('/departures/{caseId}/controls/confirm', { params: { path: { caseId } }, body: { accountId, kind: task.kind } }));
    onConfirmed();
  }, 'The confirmation could not be sent; try again.');
  const title = controlTitles[task.kind];
  if (task.status === 'confirmed') return stepStatus('done', `${title} moved`);
  const mayConfirm = task.assignedTo === personId || roles.includes('admin');
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      {stepStatus('waiting', `${title}: ${task.assignedTo} to move it`)}
      {mayConfirm && <Button variant="inline-link" loading={sending} ariaLabel={`Confirm the ${title} of ${accountId} was moved`} onClick={() => void submit()}>Confirm moved</Button>}
      {outcome && !outcome.ok && <Box color="text-status-error">{outcome.message}</Box>}
    </SpaceBetween>
  );
}
