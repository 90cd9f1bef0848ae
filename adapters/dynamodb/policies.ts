import type { PolicyStore, RegistryWrite } from '../../core/registry/ports.ts';
import type { Policy } from '../../core/registry/model.ts';
import { policyItem, policyKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';

/** Policies: one item each, all listed under gsi4 POLICIES. */
export function policyStore(table: RegistryTable): PolicyStore {
  return {
    getPolicy: (id) => table.get<Policy>(policyKey(id)),
    listPolicies: (page) => table.query<Policy>({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'POLICIES' } }, page),
  };
}

/** A policy's item, versioned. */
export const policySteps = (table: RegistryTable, { item, expectedVersion }: Extract<RegistryWrite, { type: 'policy' }>): Step[] => [table.putVersioned(policyItem(item), 'policy', item.id, expectedVersion)];
