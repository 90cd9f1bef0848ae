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
