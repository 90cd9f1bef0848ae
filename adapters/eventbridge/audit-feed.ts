import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AuditFeed, SealedLeaf } from '../../core/audit/ports.ts';

/** The detail-type of every sealed event on the bus, for the company's rules to match. */
export const AUDIT_EVENT_DETAIL_TYPE = 'Steward Audit Event';
/** The source of Steward's audit events on the bus. */
export const AUDIT_EVENT_SOURCE = 'steward.audit';

/**
 * What a SIEM gets of a sealed event: who did what to which entity, when, why, what it wrote, and its place in
 * the chain and the log. Built from these fields alone, never from the event as a whole, so the before and
 * after images (personal data, whatever a caller put there) never leave Steward this way.
 */
export function feedDetail({ logIndex, key, event }: SealedLeaf) {
  return { logIndex, key, at: event.at, actor: event.actor, actorRoles: event.actorRoles, action: event.action, entityType: event.entityType, entityId: event.entityId, seq: event.seq, hash: event.hash, changes: event.changes ?? [], ...(event.reason !== undefined ? { reason: event.reason } : {}) };
}

/** Attempts at the entries the bus refused (it answers 200 and counts them). */
const ATTEMPTS = 3;

/** Sealed events on the default EventBridge bus, one entry each, detail-type `Steward Audit Event`. */
export class EventBridgeAuditFeed implements AuditFeed {
  constructor(private readonly options: { client: EventBridgeClient; busName?: string }) {}

  async publish(leaves: readonly SealedLeaf[]) {
    let pending = [...leaves];
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { Entries = [] } = await this.options.client.send(
        new PutEventsCommand({ Entries: pending.map((leaf) => ({ Source: AUDIT_EVENT_SOURCE, DetailType: AUDIT_EVENT_DETAIL_TYPE, Detail: JSON.stringify(feedDetail(leaf)), EventBusName: this.options.busName })) }),
      );
      const refused = pending.filter((_, i) => Entries[i]?.ErrorCode !== undefined);
      if (refused.length > 0 && attempt >= ATTEMPTS) throw new Error(`EventBridge refused ${refused.length} audit event(s): ${Entries.find((e) => e.ErrorCode)?.ErrorCode}`);
      pending = refused;
    }
  }
}
