import type { AuditEvent } from '../../core/audit/model.ts';
import type { AuditFilter, AuditStore } from '../../core/audit/ports.ts';
import { AUDIT_HEAD_KEY, auditKey } from './registry-keys.ts';
import type { Query, RegistryTable } from './table.ts';

/**
 * The audit trail: events in one partition by sequence (AUDIT / EVENT#seq), by entity through gsi1, and the
 * head (the last sequence and hash) that every commit advances (transactions.ts).
 */
export function auditStore(table: RegistryTable): AuditStore {
  return {
    auditOf: (entityType, entityId) => table.queryAll<AuditEvent>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${entityType}#${entityId}` } }),
    auditEvents(page, filter = {}) {
      const byEntity = filter.entity !== undefined;
      const key: Query = byEntity
        ? { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${filter.entity!.type}#${filter.entity!.id}` } }
        : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)', ExpressionAttributeValues: { ':pk': 'AUDIT', ':event': 'EVENT#' } };
      const conditions = auditConditions(filter);
      if (conditions.expression.length === 0) return table.query<AuditEvent>(key, page);
      return table.filteredPage<AuditEvent>(
        { ...key, FilterExpression: conditions.expression.join(' AND '), ExpressionAttributeNames: conditions.names, ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...conditions.values } },
        page,
        (event) => ({ ...auditKey(event.seq), ...(byEntity ? { gsi1pk: `AUDIT#${event.entityType}#${event.entityId}`, gsi1sk: String(event.seq).padStart(12, '0') } : {}) }),
      );
    },
    auditHead: () => readAuditHead(table),
  };
}

/** The last sequence number and hash of the trail; none before the first event. */
export async function readAuditHead(table: RegistryTable): Promise<{ seq: number; hash: string } | undefined> {
  const head = await table.get<{ seq: number; hash: string }>(AUDIT_HEAD_KEY);
  return head ? { seq: head.seq, hash: head.hash } : undefined;
}

function auditConditions(filter: AuditFilter) {
  const expression: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (field: 'actor' | 'action', value: string | undefined) => {
    if (value === undefined) return;
    expression.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  };
  equal('actor', filter.actor);
  equal('action', filter.action);
  if (filter.from !== undefined || filter.to !== undefined) {
    names['#at'] = 'at';
    if (filter.from !== undefined) (expression.push('#at >= :from'), (values[':from'] = filter.from));
    if (filter.to !== undefined) (expression.push('#at <= :to'), (values[':to'] = filter.to));
  }
  return { expression, names, values };
}
