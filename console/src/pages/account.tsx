import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import type { PolicyInForce } from '../../../core/registry/accounts.ts';
import type { Account, Grant } from '../../../core/registry/model.ts';
import type { Finding } from '../../../core/reviews/model.ts';
import { findingLabels } from '../../../core/reviews/vocabulary.ts';
import { everyPage, ok } from '../api.ts';
import { DialogFooter } from '../dialogs.tsx';
import { formatDate, InternalLink, Problem } from '../components.tsx';
import { type TimelineEntry, TimelineTable } from '../tables.tsx';
import { useLoad, useSubmission } from '../hooks.ts';
import { EditAccount, RetireAccount, RevealLogin } from './account-dialogs.tsx';
import type { PageProps } from '../routes.ts';
import { useSession } from '../session.tsx';
import { statusIndicator } from './accounts.tsx';

const roleOptions: SelectProps.Option[] = ['viewer', 'publisher', 'admin'].map((value) => ({ label: value, value }));

/** A recovery address or number in words: what it is, whose it is, and whether the company controls it. */
const holderText = (holder: Account['platformControl']['recoveryEmail']) =>
  holder ? [holder.detail, holder.holderId ? `held by ${holder.holderId}` : undefined, holder.companyControlled ? 'company-controlled' : 'not company-controlled'].filter(Boolean).join(', ') : 'none recorded';

const DAY_MS = 86_400_000;
const loginAge = (setAt: string) => {
  const days = Math.floor((Date.now() - Date.parse(setAt)) / DAY_MS);
  return days < 1 ? 'today' : days === 1 ? '1 day old' : `${days} days old`;
};

/** One account: who owns it, its platform-side controls, who may use it (to those allowed to see that). */
export default function AccountPage({ params }: PageProps) {
  const session = useSession();
  const { api, roles, personId } = session;
  const accountId = params.accountId!;
  const [refreshed, setRefreshed] = useState(0);
  const account = useLoad(async () => (await ok(api.GET('/accounts/{accountId}', { params: { path: { accountId } } }))) as Account & { policiesInForce: PolicyInForce[] }, [accountId, refreshed]);
  const mayListGrants = account.state === 'ready' && (roles.includes('admin') || roles.includes('auditor') || account.value.ownerId === personId);
  const grants = useLoad(
    async () => (mayListGrants ? ((await ok(api.GET('/accounts/{accountId}/grants', { params: { path: { accountId } } }))) as { items: Grant[] }).items : []),
    [accountId, mayListGrants, refreshed],
  );
  const mayReadFindings = account.state === 'ready' && (roles.includes('admin') || roles.includes('auditor') || account.value.ownerId === personId || account.value.backupOwnerId === personId);
  const findings = useLoad(
    async () => (mayReadFindings ? ((await ok(api.GET('/findings', { params: { query: { accountId } } }))) as { items: Finding[] }).items : []),
    [accountId, mayReadFindings, refreshed],
  );
  const mayReadHistory = roles.includes('admin') || roles.includes('auditor');
  const history = useLoad(
    async () => (mayReadHistory ? everyPage<TimelineEntry>((next) => ok(api.GET('/audit', { params: { query: { entityType: 'account', entityId: accountId, limit: '100', next } } })), 50) : []),
    [accountId, mayReadHistory, refreshed],
  );
  const [dialog, setDialog] = useState<'request' | 'reveal' | 'edit' | 'retire'>();
  if (account.state === 'loading') return <Spinner size="large" />;
  if (account.state === 'failed') return <Problem title="The account did not load" message={account.message} />;
  const a = account.value;
  const control = a.platformControl;
  const isAdmin = roles.includes('admin');
  const closed = (changed: boolean) => {
    setDialog(undefined);
    if (changed) setRefreshed((n) => n + 1);
  };
  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={a.displayName}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {a.status === 'active' && <Button onClick={() => setDialog('request')}>Request access</Button>}
            {a.status === 'active' && a.credential && <Button onClick={() => setDialog('reveal')}>Reveal login</Button>}
            {(isAdmin || a.ownerId === personId) && a.status !== 'retired' && <Button onClick={() => setDialog('edit')}>Edit</Button>}
            {isAdmin && a.status !== 'retired' && <Button onClick={() => setDialog('retire')}>Retire</Button>}
          </SpaceBetween>
        }
      >
        {a.handle} on {a.platform}
      </Header>
      <Container header={<Header variant="h2">Ownership</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Status', value: statusIndicator(a.status) },
            { label: 'Owner', value: a.ownerId },
            { label: 'Backup owner', value: a.backupOwnerId ?? 'none: a single point of failure' },
            { label: 'Team', value: a.team },
            { label: 'Risk tier', value: a.riskTier },
            { label: 'Scope', value: a.scope },
            { label: 'Address', value: <Link external href={a.url}>{a.url}</Link> },
            { label: 'Purpose', value: a.purpose },
            { label: 'Brand kit', value: a.brandKitRef ?? '—' },
          ]}
        />
      </Container>
      <ColumnLayout columns={2}>
        <Container header={<Header variant="h2">Platform-side controls</Header>}>
          <KeyValuePairs
            items={[
              { label: 'Native admins', value: control.nativeAdmins.length ? control.nativeAdmins.map((n) => n.name).join(', ') : 'none recorded' },
              { label: 'Recovery email', value: holderText(control.recoveryEmail) },
              { label: 'Recovery phone', value: holderText(control.recoveryPhone) },
              { label: 'Second factor', value: control.twoFactor ? `${control.twoFactor.method}${control.twoFactor.holderId ? `, held by ${control.twoFactor.holderId}` : ''}` : 'none recorded' },
            ]}
          />
        </Container>
        <Container header={<Header variant="h2">Reviews</Header>}>
          <KeyValuePairs
            items={[
              { label: 'Last access recertification', value: formatDate(a.lastRecertifiedAt) },
              { label: 'Shared login set', value: a.credential ? `${formatDate(a.credential.setAt)} (${loginAge(a.credential.setAt)})` : 'no login stored' },
              { label: 'Last brand audit', value: `${formatDate(a.lastBrandAuditAt)}${a.brandAuditStatus ? ` (${a.brandAuditStatus})` : ''}` },
              {
                label: 'Policies in force',
                value: a.policiesInForce.length ? (
                  <SpaceBetween size="xxs">
                    {a.policiesInForce.map((p) => (
                      <InternalLink key={p.policyId} href={`/policies/${encodeURIComponent(p.policyId)}`}>
                        {`${p.title ?? p.policyId}, version ${p.versionInForce ?? p.linkedVersion}${p.versionInForce && p.versionInForce !== p.linkedVersion ? ` (linked at ${p.linkedVersion})` : ''}`}
                      </InternalLink>
                    ))}
                  </SpaceBetween>
                ) : (
                  'none linked'
                ),
              },
            ]}
          />
        </Container>
      </ColumnLayout>
      {mayReadFindings && (
        <Table
          header={<Header variant="h2" description="Single points of failure the reviews found; each closes when a later review no longer finds it.">Open findings</Header>}
          loading={findings.state === 'loading'}
          items={findings.state === 'ready' ? findings.value : []}
          trackBy="id"
          empty={<Box textAlign="center">{findings.state === 'failed' ? findings.message : 'None open.'}</Box>}
          columnDefinitions={[
            { id: 'finding', header: 'Finding', cell: (f) => findingLabels[f.code] },
            { id: 'detail', header: 'Detail', cell: (f) => f.detail },
            { id: 'since', header: 'Open since', cell: (f) => formatDate(f.openedAt) },
          ]}
        />
      )}
      {mayListGrants && (
        <Table
          header={<Header variant="h2">Who may use it</Header>}
          loading={grants.state === 'loading'}
          items={grants.state === 'ready' ? grants.value.filter((g) => g.status === 'active') : []}
          trackBy="id"
          empty={<Box textAlign="center">No one holds a grant on this account.</Box>}
          columnDefinitions={[
            { id: 'person', header: 'Person', cell: (g) => g.personId },
            { id: 'role', header: 'Role', cell: (g) => g.role },
            { id: 'login', header: 'Knows the login', cell: (g) => (g.credentialAccess ? 'yes' : 'no') },
            { id: 'expires', header: 'Expires', cell: (g) => formatDate(g.expiresAt) },
          ]}
        />
      )}
      {mayReadHistory && history.state === 'ready' && <TimelineTable title="History" entries={history.value} />}
      {dialog === 'request' && <RequestAccess accountId={a.id} onClose={() => setDialog(undefined)} />}
      {dialog === 'reveal' && <RevealLogin account={a} onClose={() => setDialog(undefined)} />}
      {dialog === 'edit' && <EditAccount account={a} onClose={closed} />}
      {dialog === 'retire' && <RetireAccount account={a} onClose={closed} />}
    </SpaceBetween>
  );
}

function RequestAccess({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const { api } = useSession();
  const [role, setRole] = useState(roleOptions[0]!);
  const [reason, setReason] = useState('');
  const { outcome, sending, submit } = useSubmission(
    async () => ((await ok(api.POST('/access-requests', { body: { accountId, role: role.value as 'viewer', reason } }))) as { id: string }).id,
    'The request could not be sent; try again.',
  );
  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Request access"
      closeAriaLabel="Close the dialog"
      footer={<DialogFooter done={outcome?.ok} sending={sending} action="Send request" disabled={reason.trim() === ''} onAction={submit} onClose={onClose} />}
    >
      {outcome?.ok ? (
        <Alert type="success" header="Request sent">Request {outcome.value} waits for the account's approvers; you will get an email when it is decided.</Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && !outcome.ok && <Alert type="error">{outcome.message}</Alert>}
          <FormField label="Role">
            <Select selectedOption={role} options={roleOptions} onChange={({ detail }) => setRole(detail.selectedOption)} />
          </FormField>
          <FormField label="Why you need it" description="The approvers read this.">
            <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}
