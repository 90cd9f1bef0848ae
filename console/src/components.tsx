import type { ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Link from '@cloudscape-design/components/link';
import { follow } from './router.ts';

/*
 * The few pieces the shell and nearly every page use. Kept small on purpose: whatever this module imports is
 * in the first screen's download (tables, dialogs and hooks live in their own modules).
 */

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

/** A link to another console page, followed without reloading. */
export const InternalLink = ({ href, children }: { href: string; children: ReactNode }) => (
  <Link href={href} onFollow={follow}>
    {children}
  </Link>
);
