import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { Person } from '../../../core/registry/model.ts';
import { personStatuses } from '../../../core/registry/vocabulary.ts';
import { peopleRowsFromCsv } from '../../../core/registry/people-csv.ts';
import { ok } from '../api.ts';
import { DialogFooter } from '../dialogs.tsx';
import { formatDate, InternalLink } from '../components.tsx';
import { PagedTable } from '../tables.tsx';
import { Refusal, useSubmission } from '../hooks.ts';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 50;
const anyStatus: SelectProps.Option = { label: 'Any', value: '' };

export const personStatus = (p: Pick<Person, 'status' | 'leavingAt'>) =>
  p.status === 'departed' ? <StatusIndicator type="stopped">departed</StatusIndicator> : p.leavingAt ? <StatusIndicator type="warning">leaving {formatDate(p.leavingAt)}</StatusIndicator> : <StatusIndicator type="success">active</StatusIndicator>;

/** The people directory, paged on the server; HR adds a person or imports a CSV from here. */
export default function PeoplePage() {
  const { api, roles } = useSession();
  const [status, setStatus] = useState(anyStatus);
  const [team, setTeam] = useState('');
  const [dialog, setDialog] = useState<'add' | 'import'>();
  const [refreshed, setRefreshed] = useState(0);
  const filter = { status: status.value || undefined, team: team.trim() || undefined };
  const mayChange = roles.includes('admin') || roles.includes('hr');
  const closed = (changed: boolean) => {
    setDialog(undefined);
    if (changed) setRefreshed((n) => n + 1);
  };
  return (
    <>
      <PagedTable<Person>
        what="people"
        fetchPage={(next) => ok(api.GET('/people', { params: { query: { ...filter, limit: String(PAGE_SIZE), next } } }))}
        queryKey={JSON.stringify({ filter, refreshed })}
        variant="full-page"
        trackBy="id"
        header={
          <Header
            variant="h1"
            description="Everyone the registry knows: who they report to, their team, their training."
            actions={
              mayChange && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button onClick={() => setDialog('import')}>Import CSV</Button>
                  <Button variant="primary" onClick={() => setDialog('add')}>Add person</Button>
                </SpaceBetween>
              )
            }
          >
            People
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="s">
            <Select ariaLabel="Status" inlineLabelText="Status" selectedOption={status} options={[anyStatus, ...personStatuses.map((value) => ({ label: value, value }))]} onChange={({ detail }) => setStatus(detail.selectedOption)} />
            <Input ariaLabel="Team" type="search" placeholder="Team" value={team} onChange={({ detail }) => setTeam(detail.value)} />
          </SpaceBetween>
        }
        empty={<Box textAlign="center">No one matches these filters.</Box>}
        columnDefinitions={[
          { id: 'id', header: 'Person', cell: (p) => <InternalLink href={`/people/${encodeURIComponent(p.id)}`}>{p.id}</InternalLink> },
          { id: 'name', header: 'Name', cell: (p) => p.name },
          { id: 'team', header: 'Team', cell: (p) => p.team },
          { id: 'manager', header: 'Manager', cell: (p) => p.managerId ?? '—' },
          { id: 'training', header: 'Training until', cell: (p) => p.trainingExpiresAt ?? <StatusIndicator type="warning">none</StatusIndicator> },
          { id: 'status', header: 'Status', cell: personStatus },
        ]}
      />
      {dialog === 'add' && <AddPerson onClose={closed} />}
      {dialog === 'import' && <ImportPeople onClose={closed} />}
    </>
  );
}

const personFields = [
  { name: 'id', label: 'Person id', description: 'As HR knows them: lowercase letters, digits and hyphens.' },
  { name: 'name', label: 'Name' },
  { name: 'email', label: 'Email' },
  { name: 'team', label: 'Team' },
  { name: 'managerId', label: 'Manager (person id, optional)' },
  { name: 'trainingExpiresAt', label: 'Training valid until (YYYY-MM-DD, optional)' },
] as const;

function AddPerson({ onClose }: { onClose: (changed: boolean) => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const { outcome, sending, submit } = useSubmission(async () => {
    const body = Object.fromEntries(Object.entries(draft).filter(([, value]) => value.trim() !== '').map(([name, value]) => [name, value.trim()]));
    return (await ok(api.POST('/people', { body: body as never }))) as Person;
  }, 'The person could not be added; try again.');
  return (
    <Modal visible onDismiss={() => onClose(outcome?.ok ?? false)} header="Add a person" closeAriaLabel="Close the dialog" footer={<DialogFooter done={outcome?.ok} sending={sending} action="Add" onAction={submit} onClose={() => onClose(outcome?.ok ?? false)} />}>
      {outcome?.ok ? (
        <Alert type="success" header="Person added">{outcome.value.name} ({outcome.value.id}) is in the registry.</Alert>
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          {personFields.map((field) => (
            <FormField key={field.name} label={field.label} description={'description' in field ? field.description : undefined}>
              <Input value={draft[field.name] ?? ''} onChange={({ detail }) => setDraft((d) => ({ ...d, [field.name]: detail.value }))} />
            </FormField>
          ))}
        </SpaceBetween>
      )}
    </Modal>
  );
}

interface ImportReport {
  results: { row: number; id?: string; outcome: 'created' | 'updated' | 'unchanged' | 'failed'; error?: string }[];
  summary: Record<string, number>;
}

/** HR's CSV, read in the browser with the CLI's own reader, sent as one import; the API reports on every row. */
function ImportPeople({ onClose }: { onClose: (changed: boolean) => void }) {
  const { api } = useSession();
  const [files, setFiles] = useState<File[]>([]);
  const { outcome, sending, submit } = useSubmission(async () => {
    let rows: Record<string, string>[];
    try {
      rows = peopleRowsFromCsv(await files[0]!.text());
    } catch (error) {
      throw new Refusal(`The file is not a CSV this import can read: ${(error as Error).message}`);
    }
    return (await ok(api.POST('/people/import', { body: { people: rows } as never }))) as ImportReport;
  }, 'The import could not be sent; nothing was changed. Try again.');
  return (
    <Modal
      visible
      size="large"
      onDismiss={() => onClose(outcome?.ok ?? false)}
      header="Import people from a CSV"
      closeAriaLabel="Close the dialog"
      footer={<DialogFooter done={outcome?.ok} sending={sending} action="Import" disabled={files.length === 0} onAction={submit} onClose={() => onClose(outcome?.ok ?? false)} />}
    >
      {outcome?.ok ? (
        <SpaceBetween size="m">
          <Alert type={outcome.value.summary.failed ? 'warning' : 'success'} header="Import done">
            {Object.entries(outcome.value.summary).map(([name, count]) => `${count} ${name}`).join(', ')}.
          </Alert>
          <Table
            header={<Header variant="h2">Rows</Header>}
            items={outcome.value.results}
            trackBy="row"
            columnDefinitions={[
              { id: 'row', header: 'Row', cell: (r) => r.row },
              { id: 'id', header: 'Person', cell: (r) => r.id ?? '—' },
              { id: 'outcome', header: 'Outcome', cell: (r) => <StatusIndicator type={r.outcome === 'failed' ? 'error' : r.outcome === 'unchanged' ? 'info' : 'success'}>{r.outcome}</StatusIndicator> },
              { id: 'error', header: 'Why it failed', cell: (r) => r.error ?? '' },
            ]}
          />
        </SpaceBetween>
      ) : (
        <SpaceBetween size="m">
          {outcome && <Alert type="error">{outcome.message}</Alert>}
          <FormField label="CSV file" description="A header row, then one person per row: id,email,name,team and optionally managerId,trainingCompletedAt,trainingExpiresAt. Known ids are updated; empty cells change nothing.">
            <FileUpload
              value={files}
              accept=".csv,text/csv"
              onChange={({ detail }) => setFiles(detail.value)}
              i18nStrings={{ uploadButtonText: () => 'Choose file', dropzoneText: () => 'Drop a CSV file here', removeFileAriaLabel: () => 'Remove the file', limitShowFewer: 'Show fewer', limitShowMore: 'Show more', errorIconAriaLabel: 'Error', warningIconAriaLabel: 'Warning' }}
            />
          </FormField>
        </SpaceBetween>
      )}
    </Modal>
  );
}
