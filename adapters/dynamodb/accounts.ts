import type { AccountStore, RegistryWrite } from '../../core/registry/ports.ts';
import type { Account } from '../../core/registry/model.ts';
import { accountItem, accountKey, accountMarkers, backsKey, controlHolders, controlsKey, ownsKey, platformIdKey } from './registry-keys.ts';
import { withEquals, type ItemKey, type Query, type RegistryTable, type Step } from './table.ts';
import { conflicts } from '../conflicts.ts';

/** Accounts: listed by platform (gsi2), team (gsi3) or status (gsi4); owners, backups and control holders are linked from the person. */
export function accountStore(table: RegistryTable): AccountStore {
  return {
    getAccount: (id) => table.get<Account>(accountKey(id)),
    listAccounts(filter, page) {
      const [index, pk] = filter.platform ? ['gsi2', `ACCOUNTS#PLATFORM#${filter.platform}`] : filter.team ? ['gsi3', `ACCOUNTS#TEAM#${filter.team}`] : ['gsi4', 'ACCOUNTS'];
      // With both platform and team, the platform index narrows and team is a filter on that set; a tier is
      // always a filter (four tiers do not narrow enough to be worth an index).
      const filters = { ...(filter.platform && filter.team ? { team: filter.team } : {}), ...(filter.riskTier ? { riskTier: filter.riskTier } : {}) };
      const key: Query = {
        IndexName: index,
        KeyConditionExpression: filter.status ? '#pk = :pk AND begins_with(#sk, :status)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${index}pk`, ...(filter.status ? { '#sk': `${index}sk` } : {}) },
        ExpressionAttributeValues: { ':pk': pk, ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
      };
      if (Object.keys(filters).length === 0) return table.query<Account>(key, page);
      return table.filteredPage<Account>(withEquals(key, filters), page, (account) => {
        const item = accountItem(account) as Record<string, unknown>;
        return { ...accountKey(account.id), [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] };
      });
    },
    async accountRolesOf(personId) {
      const linked = (prefix: string) => table.queryAll<{ accountId: string }>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': `PERSON#${personId}`, ':prefix': prefix } });
      const [owned, backup, controls] = await Promise.all([linked('OWNS#'), linked('BACKS#'), linked('CONTROLS#')]);
      return { owned: owned.map((l) => l.accountId), backup: backup.map((l) => l.accountId), controls: controls.map((l) => l.accountId) };
    },
    // Reads the claim an account's creation writes (PLATFORMID#…): the same item that refuses a second one.
    accountIdOfPlatformAccount: async (platform, platformAccountId) => (await table.get<{ accountId: string }>(platformIdKey({ platform, platformAccountId })))?.accountId,
  };
}

/**
 * An account's item, the claim on its platform id (at creation), the links from its owner, backup owner and
 * control holders (only those that changed), and its due markers (only those that changed).
 */
export function accountSteps(table: RegistryTable, { item, previous, expectedVersion }: Extract<RegistryWrite, { type: 'account' }>): Step[] {
  const steps = [table.putVersioned(accountItem(item), 'account', item.id, expectedVersion)];
  if (!previous) steps.push(table.claim(platformIdKey(item), { accountId: item.id }, conflicts.platformId(item)));
  const link = (key: (personId: string, accountId: string) => ItemKey, relation: 'owns' | 'backs' | 'controls', before: readonly string[], after: readonly string[]) =>
    steps.push(...table.followers(before, after, (id) => key(id, item.id), (id) => ({ ...key(id, item.id), accountId: item.id, relation })));
  const one = (id: string | undefined) => (id ? [id] : []);
  link(ownsKey, 'owns', one(previous?.ownerId), one(item.ownerId));
  link(backsKey, 'backs', one(previous?.backupOwnerId), one(item.backupOwnerId));
  link(controlsKey, 'controls', previous ? controlHolders(previous) : [], controlHolders(item));
  const markersBefore = new Map((previous ? accountMarkers(previous) : []).map((m) => [m.sk as string, m]));
  const markersAfter = new Map(accountMarkers(item).map((m) => [m.sk as string, m]));
  for (const [sk, marker] of markersBefore) if (!markersAfter.has(sk)) steps.push(table.release({ pk: marker.pk as string, sk }));
  for (const [sk, marker] of markersAfter) {
    const before = markersBefore.get(sk);
    if (!before || before.gsi5pk !== marker.gsi5pk || before.gsi5sk !== marker.gsi5sk) steps.push(table.put(marker));
  }
  return steps;
}
