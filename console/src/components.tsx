import { useEffect, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import { ApiError } from './api.ts';

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

export type Submission<T> = { ok: true; value: T } | { ok: false; message: string };

/** One press of a form's button: sending, then the API's answer or its refusal in words (`fallback` if it gave none). */
export function useSubmission<T>(send: () => Promise<T>, fallback: string) {
  const [outcome, setOutcome] = useState<Submission<T>>();
  const [sending, setSending] = useState(false);
  const submit = async () => {
    setSending(true);
    try {
      setOutcome({ ok: true, value: await send() });
    } catch (error) {
      setOutcome({ ok: false, message: error instanceof ApiError ? error.message : fallback });
    } finally {
      setSending(false);
    }
  };
  return { outcome, sending, submit };
}
