import { listApprovals, requestAccess, requestAccount, requestSuccessorAcceptance, showApproval, withdrawApproval } from '../../core/approvals/requests.ts';
import { decideAsApprover } from '../../core/approvals/decisions.ts';
import { apiHandler } from '../shared/api.ts';
import { workflowContext } from '../shared/workflow-context.ts';

const ctx = workflowContext();

export const handler = apiHandler(ctx, {
  'POST /access-requests': async ({ principal, body }) => ({ status: 201, body: await requestAccess(ctx, principal, body) }),
  'POST /account-requests': async ({ principal, body }) => ({ status: 201, body: await requestAccount(ctx, principal, body) }),
  'POST /successor-requests': async ({ principal, body }) => ({ status: 201, body: await requestSuccessorAcceptance(ctx, principal, body) }),
  'GET /approvals': async ({ principal, query, page }) => ({ body: await listApprovals(ctx, principal, { mine: query.mine === 'true', status: query.status }, page) }),
  'GET /approvals/{approvalId}': async ({ principal, params }) => ({ body: await showApproval(ctx, principal, params.approvalId!) }),
  'POST /approvals/{approvalId}/withdraw': async ({ principal, params, body }) => ({ body: await withdrawApproval(ctx, principal, params.approvalId!, body) }),
  'POST /approvals/{approvalId}/decisions': async ({ principal, params, body }) => ({ body: await decideAsApprover(ctx, principal, params.approvalId!, body) }),
});
