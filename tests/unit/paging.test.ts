import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.ts';
import { allPages, inTurn, type Page, type PageRequest } from '../../core/paging.ts';

/** A list of numbers paged by offset, its token the offset in base64url (as a store's would be opaque). */
const listOf = (values: number[]) => async (page: PageRequest): Promise<Page<number>> => {
  const from = page.next === undefined ? 0 : Number(Buffer.from(page.next, 'base64url').toString());
  const items = values.slice(from, from + page.limit);
  return from + page.limit < values.length ? { items, next: Buffer.from(String(from + page.limit)).toString('base64url') } : { items };
};

describe('lists read in turn', () => {
  it('reads each list to its end before the next, filling a page across the seam, with URL-safe tokens', async () => {
    const read = inTurn(listOf([1, 2, 3]), listOf([]), listOf([4, 5, 6, 7]));
    const pages: number[][] = [];
    let next: string | undefined;
    do {
      const page = await read({ limit: 2, next });
      pages.push(page.items);
      if (page.next !== undefined) expect(page.next).toMatch(/^[A-Za-z0-9_-]+$/);
      next = page.next;
    } while (next);
    expect(pages.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(await allPages(read, 3)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a token that names no list', async () => {
    const read = inTurn(listOf([1]), listOf([2]));
    await expect(read({ limit: 1, next: '7' })).rejects.toBeInstanceOf(ValidationError);
    await expect(read({ limit: 1, next: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });
});
