import { awaitingApprovers, type ApprovalRequest } from '../../core/approvals/model.ts';
import type { ApprovalStore, ApprovalWrite } from '../../core/approvals/ports.ts';
import { approvalItem, approvalKey, awaitingItem, awaitingKey } from './registry-keys.ts';
import type { RegistryTable, Step } from './table.ts';

/** Approval requests, newest first: all (gsi2), by status (gsi4), by requester (gsi1), and "awaiting my decision" items (gsi1). */
export function approvalStore(table: RegistryTable): ApprovalStore {
  return {
    getApproval: (id) => table.get<ApprovalRequest>(approvalKey(id)),
    listApprovals(filter, page) {
      const byStatus = filter.status !== undefined;
      return table.query<ApprovalRequest>(
        {
          IndexName: byStatus ? 'gsi4' : 'gsi2',
          KeyConditionExpression: byStatus ? 'gsi4pk = :pk AND begins_with(gsi4sk, :status)' : 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'APPROVALS', ...(byStatus ? { ':status': `${filter.status}#` } : {}) },
          ScanIndexForward: false,
        },
        page,
      );
    },
    approvalsRequestedBy: (personId, page) => table.query<ApprovalRequest>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `REQUESTER#${personId}` }, ScanIndexForward: false }, page),
    async approvalsAwaiting(personId) {
      const items = await table.queryAll<{ requestId: string }>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `AWAITING#${personId}` } });
      return items.map((item) => item.requestId);
    },
  };
}

/** A request's item, and the "awaiting my decision" items that follow its current stage's undecided approvers. */
export function approvalSteps(table: RegistryTable, { item, previous, expectedVersion }: Extract<ApprovalWrite, { type: 'approval' }>): Step[] {
  return [
    table.putVersioned(approvalItem(item), 'approval', item.id, expectedVersion),
    ...table.followers(previous ? awaitingApprovers(previous) : [], awaitingApprovers(item), (id) => awaitingKey(item.id, id), (id) => awaitingItem(item.id, id)),
  ];
}
