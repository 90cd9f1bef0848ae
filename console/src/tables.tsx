import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { formatDate, Problem } from './components.tsx';
import { useServerPages } from './hooks.ts';

export const paginationLabels = { nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n: number) => `Page ${n}` };

/** One entry of an entity's history, as the API reads it from the audit trail. */
export interface TimelineEntry {
  seq: number;
  at: string;
  action: string;
  actor: string;
  reason?: string;
}

/** An entity's history from the audit trail, oldest first. */
export function TimelineTable({ entries, title = 'Timeline' }: { entries: readonly TimelineEntry[]; title?: string }) {
  return (
    <Table
      header={<Header variant="h2" counter={`(${entries.length})`}>{title}</Header>}
      items={[...entries]}
      trackBy="seq"
      columnDefinitions={[
        { id: 'at', header: 'When', cell: (e) => formatDate(e.at) },
        { id: 'action', header: 'What happened', cell: (e) => e.action },
        { id: 'actor', header: 'By', cell: (e) => e.actor },
        { id: 'reason', header: 'Reason', cell: (e) => e.reason ?? '—' },
      ]}
      empty={<Box textAlign="center">Nothing recorded yet.</Box>}
    />
  );
}

/**
 * A table of a list the API pages (its `next` tokens): loading, the pages and a failure said plainly. `what`
 * names the list in those words ("accounts"); `queryKey` changes whenever the query does.
 */
export function PagedTable<T>({ fetchPage, queryKey, what, ...table }: { fetchPage: (next: string | undefined) => Promise<unknown>; queryKey: string; what: string } & Omit<TableProps<T>, 'items' | 'loading' | 'loadingText' | 'pagination'>) {
  const { loaded, pagination } = useServerPages(async (next) => (await fetchPage(next)) as { items: T[]; next?: string }, queryKey);
  if (loaded.state === 'failed') return <Problem title={`The ${what} did not load`} message={loaded.message} />;
  return (
    <Table<T>
      {...table}
      loading={loaded.state === 'loading'}
      loadingText={`Loading ${what}`}
      items={loaded.state === 'ready' ? loaded.value.items : []}
      pagination={<Pagination {...pagination} ariaLabels={paginationLabels} />}
    />
  );
}
