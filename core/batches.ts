/**
 * Working through a list in pieces: in chunks of a size (what one transaction or one invocation takes), and a
 * few at a time (what a store bears without throttling, and what one Lambda's event loop keeps busy).
 */

/** `items` in consecutive chunks of `size`, the last one shorter if need be; no chunk at all for no items. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Runs `work` over `items`, at most `width` at once, each started in order as another finishes. Rejects with
 * the first failure; the other workers are not stopped and go on through the rest unwatched, so `work` must
 * be safe to have run after its caller gave up (every sweep item and KPI read is).
 */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (index < items.length) await work(items[index++]!);
    }),
  );
}
