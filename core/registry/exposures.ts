import type { Exposure, ExposureWay } from './model.ts';
import type { RegistryWrite, RegistryStore } from './ports.ts';

/**
 * The exposure ledger's one writer. Every path that shows, sets or hands over a login value (reveal, set,
 * custody, break-glass) commits this write in the same transaction as its audit event, so a value nobody
 * recorded was never shown; the handover rotates every login a leaver has an exposure of, whatever made it.
 */
export async function exposureWrite(store: Pick<RegistryStore, 'exposuresOf'>, input: { personId: string; accountId: string; versionId: string; way: ExposureWay; at: string }): Promise<RegistryWrite> {
  const previous = (await store.exposuresOf(input.personId)).find((e) => e.accountId === input.accountId);
  const item: Exposure = {
    personId: input.personId,
    accountId: input.accountId,
    firstAt: previous?.firstAt ?? input.at,
    lastAt: input.at,
    reveals: (previous?.reveals ?? 0) + 1,
    lastVersionId: input.versionId,
    lastWay: input.way,
    ways: [...new Set([...(previous?.ways ?? []), input.way])].sort(),
  };
  return { type: 'exposure', item };
}
