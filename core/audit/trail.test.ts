import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth.ts';
import type { Page, PageRequest } from '../paging.ts';
import { GENESIS_HASH, sealEvent } from './chain.ts';
import type { AuditEvent } from './model.ts';
import type { AuditStore, ChainRecord } from './ports.ts';
import { verifyAudit } from './trail.ts';

const AUDITOR: Principal = { personId: 'auditor', roles: ['auditor'] };

function chain(type: string, id: string, length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= length; seq++) events.push(sealEvent({ actor: 'a', actorRoles: [], action: 'x.updated', entityType: type, entityId: id }, seq, '2026-12-03T12:00:00.000Z', events.at(-1)?.hash ?? GENESIS_HASH));
  return events;
}

/**
 * A store whose bulk index shows one event garbled (as an index a moment behind can show a record mid-write)
 * while the table holds it intact, paging its records exactly as asked.
 */
function laggingStore(chains: AuditEvent[][], garbled: AuditEvent): AuditStore {
  const records: ChainRecord[] = chains.flatMap((events) => {
    const name = `${events[0]!.entityType}/${events[0]!.entityId}`;
    return [...events.map((event) => ({ chain: name, event: event === garbled ? { ...event, actor: 'half-written' } : event })), { chain: name, head: { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash } }];
  });
  const page = async ({ limit, next }: PageRequest): Promise<Page<ChainRecord>> => {
    const from = Number(next ?? 0);
    return { items: records.slice(from, from + limit), ...(from + limit < records.length ? { next: String(from + limit) } : {}) };
  };
  return {
    auditOf: async () => [],
    auditEvents: async () => ({ items: [] }),
    chainEventsBetween: async () => ({ items: [] }),
    eventsByKey: async () => new Map(),
    chainRecords: page,
    chainAsItStands: async (name) => {
      const events = chains.find((c) => `${c[0]!.entityType}/${c[0]!.entityId}` === name)!;
      return { head: { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash }, events };
    },
  };
}

describe('verification over several calls', () => {
  it('counts a chain confirmed from the table once, even when its records run on into the next call', async () => {
    // 4,990 events, then a chain whose 10th event the index shows garbled: the first call's window of 5,000
    // ends inside that chain, just after the break was confirmed against the table.
    const first = chain('person', 'a', 4990);
    const second = chain('person', 'b', 20);
    const store = laggingStore([first, second], second[9]!);
    let verdict = await verifyAudit({ store }, AUDITOR);
    let calls = 1;
    while (verdict.ok && verdict.next) {
      verdict = await verifyAudit({ store }, AUDITOR, verdict.next);
      calls += 1;
    }
    expect(calls).toBe(2);
    expect(verdict).toEqual({ ok: true, events: 5010, chains: 2 });
  });
});
