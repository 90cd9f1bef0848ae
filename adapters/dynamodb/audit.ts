import { LEGACY_CHAIN, chainOf } from '../../core/audit/chain.ts';
import type { AuditEvent, ChainHead } from '../../core/audit/model.ts';
import type { AuditFilter, AuditStore, ChainedEvent, ChainRecord } from '../../core/audit/ports.ts';
import { inTurn, type Page, type PageRequest } from '../../core/paging.ts';
import { AUDIT_CHAINS_INDEX, AUDIT_TIME_INDEX, LEGACY_HEAD_KEY, auditEventKey, auditItem, chainHeadKey, entityOf, legacyAuditItem, legacyAuditKey, seq12 } from './registry-keys.ts';
import { encodeNext, type Query, type RegistryTable } from './table.ts';

/**
 * The audit trail: each subject's chain in its own partition (`AUDIT#type/id`: events by sequence, then the
 * head each commit advances, transactions.ts), every event by time on gsi1 for the search, and every chain's
 * events and head in chain order on gsi2 for verification. The single chain of a registry written before
 * chains were per subject (`AUDIT` and `AUDITHEAD`) is read and checked as it was, before everything else.
 */
export function auditStore(table: RegistryTable): AuditStore {
  const legacyEvents: Query = { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)', ExpressionAttributeValues: { ':pk': 'AUDIT', ':event': 'EVENT#' } };
  const chainEvents = (chain: string): Query => ({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)', ExpressionAttributeValues: { ':pk': `AUDIT#${chain}`, ':event': 'EVENT#' }, ConsistentRead: true });
  const legacyEventsOf = (type: string, id: string): Query => ({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${type}#${id}` } });

  const legacyRecords = async (page: PageRequest): Promise<Page<ChainRecord>> => {
    const read = await table.query<AuditEvent>(legacyEvents, page);
    const records: ChainRecord[] = read.items.map((event) => ({ chain: LEGACY_CHAIN, event }));
    if (read.next) return { items: records, next: read.next };
    const head = await table.get<ChainHead>(LEGACY_HEAD_KEY);
    return { items: head ? [...records, { chain: LEGACY_CHAIN, head: { seq: head.seq, hash: head.hash } }] : records };
  };
  const chainIndexRecords = async (page: PageRequest): Promise<Page<ChainRecord>> => {
    const read = await table.queryRaw({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': AUDIT_CHAINS_INDEX } }, page);
    const items = (read.Items ?? []).map((item): ChainRecord => {
      if (item.entity === 'audit-head') return { chain: item.chain as string, head: { seq: item.seq as number, hash: item.hash as string } };
      const event = entityOf<AuditEvent>(item)!;
      return { chain: chainOf(event), event };
    });
    return { items, next: encodeNext(read.LastEvaluatedKey) };
  };

  return {
    async auditOf(entityType, entityId) {
      return [...(await table.queryAll<AuditEvent>(legacyEventsOf(entityType, entityId))), ...(await table.queryAll<AuditEvent>(chainEvents(chainOf({ entityType, entityId }))))];
    },
    auditEvents(page, filter = {}) {
      const lists: [Query, (event: AuditEvent) => Record<string, unknown>][] = filter.entity
        ? [
            [legacyEventsOf(filter.entity.type, filter.entity.id), (e) => keysOf(legacyAuditItem(e), 'gsi1')],
            [chainEvents(chainOf({ entityType: filter.entity.type, entityId: filter.entity.id })), (e) => keysOf(auditItem(e))],
          ]
        : [
            [legacyEvents, (e) => keysOf(legacyAuditItem(e))],
            [timeIndex(filter), (e) => keysOf(auditItem(e), 'gsi1')],
          ];
      const conditions = auditConditions(filter);
      return inTurn(
        ...lists.map(([key, keyOf]) => (p: PageRequest) =>
          conditions.expression.length === 0
            ? table.query<AuditEvent>(key, p)
            : table.filteredPage<AuditEvent>({ ...key, FilterExpression: conditions.expression.join(' AND '), ExpressionAttributeNames: conditions.names, ExpressionAttributeValues: { ...key.ExpressionAttributeValues, ...conditions.values } }, p, keyOf),
        ),
      )(page);
    },
    async eventsByKey(keys) {
      const items = await table.getMany([...new Set(keys)].map((key) => {
        const at = key.lastIndexOf('#');
        const chain = key.slice(0, at);
        const seq = Number(key.slice(at + 1));
        return chain === LEGACY_CHAIN ? legacyAuditKey(seq) : auditEventKey(chain, seq);
      }));
      return new Map(items.flatMap((item) => {
        const chained = chainedEventOfItem(item);
        return chained ? [[`${chained.chain}#${chained.event.seq}`, chained.event] as const] : [];
      }));
    },
    async chainEventsBetween(page, range) {
      const read = await table.query<AuditEvent>(timeIndex(range), page);
      return { items: read.items.map((event) => ({ chain: chainOf(event), event })), next: read.next };
    },
    chainRecords: inTurn(legacyRecords, chainIndexRecords),
    async chainAsItStands(chain) {
      const legacy = chain === LEGACY_CHAIN;
      const partition = legacy ? { ...legacyEvents, ConsistentRead: true } : chainEvents(chain);
      const events = await table.queryAll<AuditEvent>(partition);
      const head = await table.get<ChainHead>(legacy ? LEGACY_HEAD_KEY : chainHeadKey(chain));
      const last = events.at(-1)?.seq ?? 0;
      if (head && head.seq > last) {
        // Changes committed between the two reads: their events are read too, and any missing one is missing.
        const between = { ...partition, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': partition.ExpressionAttributeValues![':pk'], ':from': `EVENT#${seq12(last + 1)}`, ':to': `EVENT#${seq12(head.seq)}` } };
        events.push(...(await table.queryAll<AuditEvent>(between)));
      }
      return { head: head ? { seq: head.seq, hash: head.hash } : undefined, events };
    },
  };
}

/**
 * The event a stream record's new image holds, with its chain (from its partition: `AUDIT#type/id`, or `AUDIT`
 * for the old single chain); undefined for anything else, or for an item too malformed to be an event.
 */
export function chainedEventOfItem(item: Record<string, unknown>): ChainedEvent | undefined {
  const pk = item.pk;
  if (item.entity !== 'audit' || typeof pk !== 'string' || !(pk === 'AUDIT' || pk.startsWith('AUDIT#'))) return undefined;
  const event = entityOf<AuditEvent>(item)!;
  const wellFormed = Number.isSafeInteger(event.seq) && typeof event.hash === 'string' && /^[0-9a-f]{64}$/.test(event.hash) && typeof event.at === 'string' && typeof event.entityType === 'string' && typeof event.entityId === 'string';
  return wellFormed ? { chain: pk === 'AUDIT' ? LEGACY_CHAIN : pk.slice('AUDIT#'.length), event } : undefined;
}

/** The key of a stored item, and of the index a query read it from: where a filtered page reads on. */
function keysOf(item: Record<string, unknown>, index?: 'gsi1'): Record<string, unknown> {
  return { pk: item.pk, sk: item.sk, ...(index ? { [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] } : {}) };
}

/** The time index, narrowed by key to the filter's time range (an instant is always 24 characters, then `#`). */
function timeIndex(filter: AuditFilter): Query {
  const values: Record<string, unknown> = { ':pk': AUDIT_TIME_INDEX };
  let range = '';
  if (filter.from !== undefined && filter.to !== undefined) (range = ' AND gsi1sk BETWEEN :from AND :to'), (values[':from'] = filter.from), (values[':to'] = `${filter.to}$`);
  else if (filter.from !== undefined) (range = ' AND gsi1sk >= :from'), (values[':from'] = filter.from);
  else if (filter.to !== undefined) (range = ' AND gsi1sk <= :to'), (values[':to'] = `${filter.to}$`);
  return { IndexName: 'gsi1', KeyConditionExpression: `gsi1pk = :pk${range}`, ExpressionAttributeValues: values };
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
    if (filter.from !== undefined) (expression.push('#at >= :afrom'), (values[':afrom'] = filter.from));
    if (filter.to !== undefined) (expression.push('#at <= :ato'), (values[':ato'] = filter.to));
  }
  return { expression, names, values };
}
