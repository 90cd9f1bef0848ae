import { useEffect, useRef, useState, type ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button, { type ButtonProps } from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { ApiError } from './api.ts';
import { follow } from './router.ts';

/** A failure said plainly, with what to do about it. */
export function Problem({ title, message }: { title: string; message: string }) {
  return (
    <Alert type="error" header={title}>
      {message}
    </Alert>
  );
}

/** Dates in the reader's own time zone, with the zone named. */
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
export const formatDate = (iso: string | undefined | null) => (iso ? dateFormat.format(new Date(iso)) : '—');

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; value: T };

/** Loads `load()` whenever a dependency changes; a late answer for an older dependency is dropped. */
export function useLoad<T>(load: () => Promise<T>, dependencies: readonly unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: Error) => current && setLoaded({ state: 'failed', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, dependencies);
  return loaded;
}

/**
 * Loads `load()` and loads it again every `everyMs` until `settled` says the value stops changing (a case that
 * closed, a run that ended). The last value stays shown while the next one loads.
 */
export function useLive<T>(load: () => Promise<T>, dependencies: readonly unknown[], settled: (value: T) => boolean, everyMs = 2000): Loaded<T> & { refresh: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = () =>
      load().then(
        (value) => {
          if (!current) return;
          setLoaded({ state: 'ready', value });
          if (!settled(value)) timer = setTimeout(round, everyMs);
        },
        (error: Error) => current && setLoaded({ state: 'failed', message: error.message }),
      );
    void round();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [...dependencies, refreshes]);
  return { ...loaded, refresh: () => setRefreshes((n) => n + 1) };
}

export const paginationLabels = { nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n: number) => `Page ${n}` };

export interface ServerPages<T> {
  readonly loaded: Loaded<{ items: T[]; next?: string }>;
  readonly pagination: { currentPageIndex: number; pagesCount: number; openEnd: boolean; onChange: (event: { detail: { currentPageIndex: number } }) => void };
}

/**
 * Pages read from the API one at a time by its `next` tokens. A token belongs to the query that produced it,
 * so the pages start over whenever `queryKey` changes, and an answer to an older query is never used.
 */
export function useServerPages<T>(fetchPage: (next: string | undefined) => Promise<{ items: T[]; next?: string }>, queryKey: string): ServerPages<T> {
  const [state, setState] = useState<{ queryKey: string; tokens: (string | undefined)[]; pageIndex: number }>({ queryKey, tokens: [undefined], pageIndex: 0 });
  const current = state.queryKey === queryKey ? state : { queryKey, tokens: [undefined], pageIndex: 0 };
  if (current !== state) setState(current);
  const loaded = useLoad(async () => {
    const page = await fetchPage(current.tokens[current.pageIndex]);
    setState((s) => (s.queryKey === queryKey && page.next && s.tokens.length === current.pageIndex + 1 ? { ...s, tokens: [...s.tokens, page.next] } : s));
    return page;
  }, [queryKey, current.pageIndex]);
  return {
    loaded,
    pagination: {
      currentPageIndex: current.pageIndex + 1,
      pagesCount: current.tokens.length,
      openEnd: loaded.state !== 'ready' || Boolean(loaded.value.next),
      onChange: ({ detail }) => setState((s) => ({ ...s, pageIndex: detail.currentPageIndex - 1 })),
    },
  };
}

/** A refusal the console itself makes before asking the API (a file it cannot read): its message is for the reader. */
export class Refusal extends Error {}

export type Submission<T> = { ok: true; value: T } | { ok: false; message: string };

/** One press of a form's button: sending, then the API's answer or its refusal in words (`fallback` if it gave none). */
export function useSubmission<T, A extends unknown[] = []>(send: (...args: A) => Promise<T>, fallback: string) {
  const [outcome, setOutcome] = useState<Submission<T>>();
  const [sending, setSending] = useState(false);
  const submit = async (...args: A) => {
    setSending(true);
    try {
      setOutcome({ ok: true, value: await send(...args) });
    } catch (error) {
      setOutcome({ ok: false, message: error instanceof ApiError || error instanceof Refusal ? error.message : fallback });
    } finally {
      setSending(false);
    }
  };
  return { outcome, sending, submit };
}

/** A link to another console page, followed without reloading. */
export const InternalLink = ({ href, children }: { href: string; children: ReactNode }) => (
  <Link href={href} onFollow={follow}>
    {children}
  </Link>
);

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

/** A dialog's buttons: Cancel and the action until it succeeded, then Close. */
export function DialogFooter({ done, sending, action, disabled, onAction, onClose }: { done?: boolean; sending: boolean; action: string; disabled?: boolean; onAction: () => Promise<void>; onClose: () => void }) {
  const close = useRef<ButtonProps.Ref>(null);
  // The action's button goes once it succeeded: the focus moves to Close, not out of the dialog.
  useEffect(() => {
    if (done) close.current?.focus();
  }, [done]);
  return (
    <Box float="right">
      <SpaceBetween direction="horizontal" size="xs">
        <Button ref={close} variant="link" onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>
        {!done && <Button variant="primary" loading={sending} disabled={disabled} onClick={() => void onAction()}>{action}</Button>}
      </SpaceBetween>
    </Box>
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
