/** setTimeout's ceiling: a longer delay fires at once (Node warns and uses 1 ms). */
const MAX_DELAY_MS = 2_147_483_647;

export interface LongTimer {
  cancel(): void;
}

/**
 * A timer for any delay, however long: workflow deadlines run to weeks, past setTimeout's 24.8 days, so the
 * wait is chained in steps that each fit.
 */
export function longTimeout(callback: () => void, delayMs: number): LongTimer {
  let handle: NodeJS.Timeout;
  const due = Date.now() + Math.max(0, delayMs);
  const arm = () => {
    const remaining = due - Date.now();
    handle = remaining > MAX_DELAY_MS ? setTimeout(arm, MAX_DELAY_MS) : setTimeout(callback, Math.max(0, remaining));
  };
  arm();
  return { cancel: () => clearTimeout(handle) };
}
