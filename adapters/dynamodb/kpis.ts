import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Kpis } from '../../core/reviews/model.ts';
import type { KpiStore } from '../../core/reviews/ports.ts';
import { registryTable } from '../../declarations/table.ts';
import { KPIS_KEY, kpiSnapshotKey } from './registry-keys.ts';
import type { RegistryTable } from './table.ts';

/** Two years of KPI snapshots: enough for a year-on-year trend. */
const KPI_HISTORY_KEEP_SECONDS = 2 * 366 * 86_400;

/** The KPIs as last computed, and a snapshot of each computation (with a TTL) for the trends. */
export function kpiStore(table: RegistryTable): KpiStore {
  return {
    latestKpis: () => table.get<Kpis>(KPIS_KEY),
    // The latest figures and their snapshot together: a snapshot is never missing from the history.
    async saveKpis(kpis) {
      const keepUntil = Math.floor(Date.parse(kpis.asOf) / 1000) + KPI_HISTORY_KEEP_SECONDS;
      await table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.name, Item: { ...KPIS_KEY, entity: 'kpis', ...kpis } } },
            { Put: { TableName: table.name, Item: { ...kpiSnapshotKey(kpis.asOf), entity: 'kpis-snapshot', ...kpis, [registryTable.timeToLiveAttribute]: keepUntil } } },
          ],
        }),
      );
    },
    async kpiHistory(from, page) {
      const snapshots = await table.query<Kpis & Record<string, unknown>>({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :end', ExpressionAttributeValues: { ':pk': 'KPIS', ':from': `SNAPSHOT#${from}`, ':end': 'SNAPSHOT#~' } }, page);
      // A snapshot's time to live is the table's business, not a figure.
      return { ...snapshots, items: snapshots.items.map(({ [registryTable.timeToLiveAttribute]: _expiry, ...kpis }) => kpis as unknown as Kpis) };
    },
  };
}
