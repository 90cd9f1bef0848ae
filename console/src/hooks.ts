import { useEffect, useState } from 'react';
import { ApiError } from './api.ts';

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

/** The longest a live page waits between reads: a case waiting days on people is not read every 2 s. */
const LIVE_MAX_INTERVAL_MS = 60_000;

/**
 * Loads `load()` and loads it again until `settled` says the value stops changing (a case that closed, a run
 * that ended): after `everyMs` at first, then half as often again each time nothing changed, up to a minute.
 * The last value stays shown while the next one loads, and through a failed read (tried again later); a
 * failure with nothing to show is said.
 */
export function useLive<T>(load: () => Promise<T>, dependencies: readonly unknown[], settled: (value: T) => boolean, everyMs = 2000): Loaded<T> & { refresh: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wait = everyMs;
    let last: string | undefined;
    const again = () => {
      timer = setTimeout(round, wait);
      wait = Math.min(wait * 1.5, LIVE_MAX_INTERVAL_MS);
    };
    const round = () =>
      load().then(
        (value) => {
          if (!current) return;
          const seen = JSON.stringify(value);
          if (seen !== last) wait = everyMs;
          last = seen;
          setLoaded({ state: 'ready', value });
          if (!settled(value)) again();
        },
        (error: Error) => {
          if (!current) return;
          if (last === undefined) setLoaded({ state: 'failed', message: error.message });
          else again();
        },
      );
    void round();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [...dependencies, refreshes]);
  return { ...loaded, refresh: () => setRefreshes((n) => n + 1) };
}

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
