import { ValidationError } from './errors.ts';

/**
 * Reading a paged list to its end: every store and the API answer a page of `items` with a `next` token, and
 * one more call with that token reads on. The loop that follows it is here, once.
 */

/** One page of a list and, when there is more, the `next` to pass back for the following page. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Where a page starts and how long it is: `next` as the previous page answered it. */
export interface PageRequest {
  limit: number;
  next?: string;
}

/**
 * Hands each page's items to `each`, in order, until the last page, or until `enough` says so after a page
 * (a list read for a bounded purpose stops as soon as it has what it needs).
 */
export async function eachPage<T>(read: (page: PageRequest) => Promise<Page<T>>, each: (items: T[]) => void | Promise<void>, options: { limit?: number; enough?: () => boolean } = {}): Promise<void> {
  let next: string | undefined;
  do {
    const page = await read({ limit: options.limit ?? 100, next });
    await each(page.items);
    next = options.enough?.() ? undefined : page.next;
  } while (next);
}

/** Every item of a list, read `limit` at a time. */
export async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>, limit = 100): Promise<T[]> {
  const items: T[] = [];
  await eachPage(read, (page) => void items.push(...page), { limit });
  return items;
}

/**
 * Lists read one after another as one list (a trail kept in two places, say): the page token says which
 * list a page reads on from, and where. A page that ends one list fills up from the next.
 */
export function inTurn<T>(...lists: ((page: PageRequest) => Promise<Page<T>>)[]): (page: PageRequest) => Promise<Page<T>> {
  // The token is the list's digit and that list's own token: still URL-safe base64 characters.
  if (lists.length > 10) throw new RangeError('inTurn reads at most 10 lists');
  return async (page) => {
    let { index, inner } = parseTurn(page.next, lists.length);
    const items: T[] = [];
    while (index < lists.length && items.length < page.limit) {
      const read = await lists[index]!({ limit: page.limit - items.length, next: inner });
      items.push(...read.items);
      if (read.next) return { items, next: `${index}${read.next}` };
      index += 1;
      inner = undefined;
    }
    return index < lists.length ? { items, next: String(index) } : { items };
  };
}

function parseTurn(next: string | undefined, lists: number): { index: number; inner?: string } {
  if (next === undefined) return { index: 0 };
  const match = /^(\d)(.*)$/s.exec(next);
  if (!match || Number(match[1]) >= lists) throw new ValidationError('invalid page token: pass back the "next" value of the previous page unchanged');
  return { index: Number(match[1]), inner: match[2] === '' ? undefined : match[2] };
}
