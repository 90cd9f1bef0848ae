import type { Change } from '../../core/registry/ports.ts';
import type { AnyWrite, ReviewStores } from '../../core/reviews/ports.ts';
import { accountStore } from './accounts.ts';
import { approvalStore } from './approvals.ts';
import { auditStore } from './audit.ts';
import { custodyStore, rotationLockStore } from './custody.ts';
import { departureStore } from './departures.ts';
import { dueIndex } from './due-index.ts';
import { findingStore } from './findings.ts';
import { grantStore } from './grants.ts';
import { kpiStore } from './kpis.ts';
import { outboxStore } from './outbox.ts';
import { peopleStore } from './people.ts';
import { policyStore } from './policies.ts';
import { reviewStore } from './reviews.ts';
import { commit } from './transactions.ts';
import { RegistryTable, type RegistryTableOptions } from './table.ts';
import { parkedWaitStore } from './waits.ts';

/**
 * The registry's stores on DynamoDB: one per entity (its file holds its queries and its writes' steps), over
 * one table (registry-keys.ts documents where each item sits) and one transaction that writes a change with
 * its audit event (transactions.ts).
 */
export function dynamoRegistryStore(options: RegistryTableOptions): ReviewStores {
  const table = new RegistryTable(options);
  return {
    ...peopleStore(table),
    ...accountStore(table),
    ...grantStore(table),
    ...policyStore(table),
    ...approvalStore(table),
    ...parkedWaitStore(table),
    ...custodyStore(table),
    ...rotationLockStore(table),
    ...departureStore(table),
    ...reviewStore(table),
    ...findingStore(table),
    ...dueIndex(table),
    ...kpiStore(table),
    ...outboxStore(table),
    ...auditStore(table),
    commit: (change: Change<AnyWrite>) => commit(table, change),
  };
}
