import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { Account } from '../../../core/registry/model.ts';
import { accountStatuses, platforms, riskTiers } from '../../../core/registry/vocabulary.ts';
import type { Finding } from '../../../core/reviews/model.ts';
import { findingCodes, findingLabels, type FindingCode } from '../../../core/reviews/vocabulary.ts';
import { ok } from '../api.ts';
import { formatDate, InternalLink } from '../components.tsx';
import { PagedTable } from '../tables.tsx';
import { RegisterAccount } from './account-dialogs.tsx';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 50;
const anyOption: SelectProps.Option = { label: 'Any', value: '' };
const options = (values: readonly string[]) => [anyOption, ...values.map((value) => ({ label: value, value }))];

export const statusIndicator = (status: string) => (
  <StatusIndicator type={status === 'active' ? 'success' : status === 'retired' ? 'stopped' : status === 'suspended' ? 'warning' : 'pending'}>{status}</StatusIndicator>
);

/** The registry, paged on the server (`next` tokens), filtered by platform, team, status and tier, or by a finding. */
export default function AccountsPage() {
  const { api, roles } = useSession();
  const [registering, setRegistering] = useState(false);
  const [platform, setPlatform] = useState(anyOption);
  const [status, setStatus] = useState(anyOption);
  const [tier, setTier] = useState(anyOption);
  const [team, setTeam] = useState('');
  const [finding, setFinding] = useState(anyOption);
  // The findings list is the governance team's and auditors' (an owner sees their own account's findings on it).
  const seesFindings = roles.includes('admin') || roles.includes('auditor');
  const filter = { platform: platform.value || undefined, status: status.value || undefined, riskTier: tier.value || undefined, team: team.trim() || undefined };
  const byFinding = finding.value ? (finding.value as FindingCode) : undefined;
  const header = (
    <Header
      variant="h1"
      description="Every official channel of the company, its owners and its status."
      actions={<Button onClick={() => setRegistering(true)}>{roles.includes('admin') ? 'Register account' : 'Propose account'}</Button>}
    >
      Accounts
    </Header>
  );
  const filters = (
    <SpaceBetween direction="horizontal" size="s">
      <Select ariaLabel="Platform" disabled={byFinding !== undefined} selectedOption={platform} options={options(platforms)} onChange={({ detail }) => setPlatform(detail.selectedOption)} inlineLabelText="Platform" />
      <Select ariaLabel="Status" disabled={byFinding !== undefined} selectedOption={status} options={options(accountStatuses)} onChange={({ detail }) => setStatus(detail.selectedOption)} inlineLabelText="Status" />
      <Select ariaLabel="Risk tier" disabled={byFinding !== undefined} selectedOption={tier} options={options(riskTiers)} onChange={({ detail }) => setTier(detail.selectedOption)} inlineLabelText="Risk tier" />
      <Input ariaLabel="Team" disabled={byFinding !== undefined} type="search" placeholder="Team" value={team} onChange={({ detail }) => setTeam(detail.value)} />
      {seesFindings && (
        <Select
          ariaLabel="Finding"
          selectedOption={finding}
          options={[anyOption, ...findingCodes.map((code) => ({ label: findingLabels[code], value: code }))]}
          onChange={({ detail }) => setFinding(detail.selectedOption)}
          inlineLabelText="Finding"
        />
      )}
    </SpaceBetween>
  );
  return (
    <>
      {byFinding ? (
        <PagedTable<Finding>
          what="findings"
          fetchPage={(next) => ok(api.GET('/findings', { params: { query: { code: byFinding, limit: String(PAGE_SIZE), next } } }))}
          queryKey={byFinding}
          variant="full-page"
          trackBy="id"
          header={header}
          filter={filters}
          empty={<Box textAlign="center">No account has this finding open.</Box>}
          columnDefinitions={[
            { id: 'account', header: 'Account', cell: (f) => <InternalLink href={`/accounts/${encodeURIComponent(f.accountId)}`}>{f.accountId}</InternalLink> },
            { id: 'finding', header: 'Finding', cell: (f) => findingLabels[f.code] },
            { id: 'detail', header: 'Detail', cell: (f) => f.detail },
            { id: 'since', header: 'Open since', cell: (f) => formatDate(f.openedAt) },
          ]}
        />
      ) : (
        <PagedTable<Account>
          what="accounts"
          fetchPage={(next) => ok(api.GET('/accounts', { params: { query: { ...filter, limit: String(PAGE_SIZE), next } } }))}
          queryKey={JSON.stringify(filter)}
          variant="full-page"
          trackBy="id"
          header={header}
          filter={filters}
          empty={
            <Box textAlign="center" color="inherit">
              <b>No accounts</b>
              <Box variant="p" color="inherit">
                Nothing matches these filters. The governance team registers official accounts; anyone can propose one.
              </Box>
            </Box>
          }
          columnDefinitions={[
            { id: 'handle', header: 'Account', cell: (a) => <InternalLink href={`/accounts/${encodeURIComponent(a.id)}`}>{a.handle}</InternalLink> },
            { id: 'platform', header: 'Platform', cell: (a) => a.platform },
            { id: 'team', header: 'Team', cell: (a) => a.team },
            { id: 'tier', header: 'Risk tier', cell: (a) => a.riskTier },
            { id: 'owner', header: 'Owner', cell: (a) => a.ownerId },
            { id: 'backup', header: 'Backup owner', cell: (a) => a.backupOwnerId ?? <StatusIndicator type="warning">none</StatusIndicator> },
            { id: 'status', header: 'Status', cell: (a) => statusIndicator(a.status) },
          ]}
        />
      )}
      {registering && <RegisterAccount onClose={() => setRegistering(false)} />}
    </>
  );
}
