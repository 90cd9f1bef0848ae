import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { AuditVerdict } from '../../../core/audit/trail.ts';
import type { AuditEvent } from '../../../core/audit/model.ts';
import { ok } from '../api.ts';
import { formatDate, Problem } from '../components.tsx';
import { paginationLabels } from '../tables.tsx';
import { useServerPages, useSubmission } from '../hooks.ts';
import { navigate, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 100;

/** The search fields, named as GET /audit's query parameters; the page's URL carries them, so a search is a link. */
const searchFields = ['entityType', 'entityId', 'actor', 'action', 'from', 'to'] as const;
type Search = Partial<Record<(typeof searchFields)[number], string>>;

/** The audit trail, oldest first, paged on the server and searchable; what is shown exports as JSON Lines or CSV. */
export default function AuditPage() {
  const { api } = useSession();
  const { query } = useLocation();
  const search: Search = Object.fromEntries(searchFields.flatMap((field) => (query.get(field) ? [[field, query.get(field)!]] : [])));
  const { loaded, pagination } = useServerPages(
    async (next) => (await ok(api.GET('/audit', { params: { query: { ...search, limit: String(PAGE_SIZE), next } } }))) as { items: AuditEvent[]; next?: string },
    JSON.stringify(search),
  );
  const items = loaded.state === 'ready' ? loaded.value.items : [];
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Every change of state, in order; each subject's events chained one to the next." actions={<VerifyChain />}>
        Audit trail
      </Header>
      <SearchForm key={JSON.stringify(search)} initial={search} />
      {loaded.state === 'failed' ? (
        <Problem title="The audit trail did not load" message={loaded.message} />
      ) : (
        <Table
          loading={loaded.state === 'loading'}
          items={items}
          trackBy={(e) => `${e.entityType}/${e.entityId}#${e.seq}`}
          header={
            <Header
              variant="h2"
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button onClick={() => download('audit.jsonl', 'application/x-ndjson', items.map((e) => JSON.stringify(e)).join('\n'))}>Export JSON Lines</Button>
                  <Button onClick={() => download('audit.csv', 'text/csv', toCsv(items))}>Export CSV</Button>
                </SpaceBetween>
              }
            >
              {Object.keys(search).length ? 'Matching events' : 'Events'}
            </Header>
          }
          pagination={<Pagination {...pagination} ariaLabels={paginationLabels} />}
          empty={<Box textAlign="center">{loaded.state === 'ready' && loaded.value.next ? 'Nothing matches in this stretch of the trail: press Next page to search on.' : 'No event matches this search.'}</Box>}
          columnDefinitions={[
            { id: 'seq', header: 'No. (of its entity)', cell: (e) => e.seq },
            { id: 'at', header: 'When', cell: (e) => formatDate(e.at) },
            { id: 'actor', header: 'Who', cell: (e) => e.actor },
            { id: 'action', header: 'What', cell: (e) => e.action },
            { id: 'entity', header: 'On', cell: (e) => `${e.entityType} ${e.entityId}` },
            { id: 'reason', header: 'Reason', cell: (e) => e.reason ?? '' },
          ]}
        />
      )}
    </SpaceBetween>
  );
}

/** A day in the reader's own time zone, as the instant it starts (or, for `end`, the last millisecond of it). */
const dayBoundary = (day: string, end: boolean) => (day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : '');
const dayOf = (instant: string | undefined) => (instant ? new Date(instant).toLocaleDateString('sv') : '');

function SearchForm({ initial }: { initial: Search }) {
  const [draft, setDraft] = useState({ entityType: initial.entityType ?? '', entityId: initial.entityId ?? '', actor: initial.actor ?? '', action: initial.action ?? '', from: dayOf(initial.from), to: dayOf(initial.to) });
  const field = (name: 'entityType' | 'entityId' | 'actor' | 'action', label: string, placeholder: string) => (
    <FormField label={label}>
      <Input value={draft[name]} placeholder={placeholder} onChange={({ detail }) => setDraft((d) => ({ ...d, [name]: detail.value }))} />
    </FormField>
  );
  const apply = () => {
    const chosen = { ...draft, from: dayBoundary(draft.from, false), to: dayBoundary(draft.to, true) };
    const params = new URLSearchParams(Object.entries(chosen).filter(([, value]) => value.trim() !== '').map(([name, value]) => [name, value.trim()]));
    navigate(`/audit${params.size ? `?${params}` : ''}`);
  };
  return (
    <form onSubmit={(event) => (event.preventDefault(), apply())}>
      <Form actions={<SpaceBetween direction="horizontal" size="xs"><Button formAction="none" variant="link" onClick={() => navigate('/audit')}>Clear</Button><Button variant="primary">Search</Button></SpaceBetween>}>
        <Container header={<Header variant="h2" description="Every field narrows the search; an entity needs its type and its id.">Search</Header>}>
          <ColumnLayout columns={3}>
            {field('entityType', 'Entity type', 'account, person, grant, approval…')}
            {field('entityId', 'Entity id', 'acct-…')}
            {field('actor', 'Who', 'a person id, or steward')}
            {field('action', 'What', 'account.updated')}
            <FormField label="From (day)">
              <DatePicker value={draft.from} placeholder="YYYY/MM/DD" openCalendarAriaLabel={(selected) => `Choose the first day${selected ? `, ${selected}` : ''}`} onChange={({ detail }) => setDraft((d) => ({ ...d, from: detail.value }))} />
            </FormField>
            <FormField label="To (day)">
              <DatePicker value={draft.to} placeholder="YYYY/MM/DD" openCalendarAriaLabel={(selected) => `Choose the last day${selected ? `, ${selected}` : ''}`} onChange={({ detail }) => setDraft((d) => ({ ...d, to: detail.value }))} />
            </FormField>
          </ColumnLayout>
        </Container>
      </Form>
    </form>
  );
}

/** Recomputes every chain of the trail through the API, following its cursor, and says what it found. */
function VerifyChain() {
  const { api } = useSession();
  const { outcome, sending, submit } = useSubmission(async () => {
    let cursor: string | undefined;
    for (;;) {
      const verdict = (await ok(api.GET('/audit/verify', { params: { query: { cursor } } }))) as AuditVerdict;
      if (!verdict.ok || !verdict.next) return verdict;
      cursor = verdict.next;
    }
  }, 'The check could not run; try again.');
  return (
    <SpaceBetween size="xs" alignItems="end">
      <Button loading={sending} onClick={() => void submit()}>Verify the trail</Button>
      {outcome &&
        (!outcome.ok ? (
          <Alert type="error">{outcome.message}</Alert>
        ) : outcome.value.ok ? (
          <Alert type="success" header="The trail is intact">
            {outcome.value.events} records checked in {outcome.value.chains} chains.
            {outcome.value.sealed && ` ${outcome.value.sealed.logSize} of them sealed in ${outcome.value.sealed.checkpoints} signed checkpoints, each matching the locked copies; ${outcome.value.sealed.unsealed} not yet in a checkpoint.`}
          </Alert>
        ) : (
          <Alert type="error" header={`Record ${outcome.value.firstBadSeq} of ${outcome.value.chain} was ${outcome.value.problem}`}>{outcome.value.detail}</Alert>
        ))}
    </SpaceBetween>
  );
}

const csvField = (value: unknown) => {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection); a quote mark keeps it text.
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${inert.replaceAll('"', '""')}"`;
};

function toCsv(events: AuditEvent[]): string {
  const columns = ['seq', 'at', 'actor', 'actorRoles', 'action', 'entityType', 'entityId', 'reason', 'hash', 'prevHash'] as const;
  return [columns.join(','), ...events.map((e) => columns.map((c) => csvField(e[c])).join(','))].join('\r\n');
}

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
