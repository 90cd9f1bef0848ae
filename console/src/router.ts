import { useSyncExternalStore } from 'react';

/**
 * Client-side navigation over the History API: the console's few routes need no router library. A link
 * follow pushes the path and tells every subscriber; Back and Forward arrive as popstate.
 */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  notify();
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname + window.location.search,
  );
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, query: url.searchParams };
}

/** Cloudscape's onFollow for internal links: navigate without reloading; new-tab clicks stay the browser's. */
export function follow(event: CustomEvent<{ href?: string; external?: boolean }>): void {
  if (event.detail.external || !event.detail.href) return;
  event.preventDefault();
  navigate(event.detail.href);
}
