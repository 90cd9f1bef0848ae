import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { AuditEvent } from '../../../core/audit.ts';
import { ok } from '../api.ts';
import { formatDate, Problem, paginationLabels, useServerPages } from '../components.tsx';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 100;

/** The audit trail, oldest first, paged on the server; what is shown exports as JSON Lines or CSV. */
export default function AuditPage() {
  const { api } = useSession();
  const { loaded, pagination } = useServerPages(
    async (next) => (await ok(api.GET('/audit', { params: { query: { limit: String(PAGE_SIZE), next } } }))) as { items: AuditEvent[]; next?: string },
    'all',
  );
  if (loaded.state === 'failed') return <Problem title="The audit trail did not load" message={loaded.message} />;
  const items = loaded.state === 'ready' ? loaded.value.items : [];
  return (
    <Table
      variant="full-page"
      loading={loaded.state === 'loading'}
      items={items}
      trackBy="seq"
      header={
        <Header
          variant="h1"
          description="Every change of state, in order, each chained to the one before."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => download('audit.jsonl', 'application/x-ndjson', items.map((e) => JSON.stringify(e)).join('\n'))}>Export JSON Lines</Button>
              <Button onClick={() => download('audit.csv', 'text/csv', toCsv(items))}>Export CSV</Button>
            </SpaceBetween>
          }
        >
          Audit trail
        </Header>
      }
      pagination={
        <Pagination {...pagination} ariaLabels={paginationLabels} />
      }
      columnDefinitions={[
        { id: 'seq', header: '#', cell: (e) => e.seq },
        { id: 'at', header: 'When', cell: (e) => formatDate(e.at) },
        { id: 'actor', header: 'Who', cell: (e) => e.actor },
        { id: 'action', header: 'What', cell: (e) => e.action },
        { id: 'entity', header: 'On', cell: (e) => `${e.entityType} ${e.entityId}` },
        { id: 'reason', header: 'Reason', cell: (e) => e.reason ?? '' },
      ]}
    />
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
