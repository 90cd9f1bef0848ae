import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalRules } from '../../config/approval-rules.ts';
import type { ApprovalRules } from '../../core/approvals/rules.ts';

const seconds = (n: number) => n / 3600;

/**
 * The repository's rules, with a few tiers changed so the tests can watch deadlines pass in seconds and use
 * groups of their own:
 * - access requests on critical accounts: the owner has 6 s (reminded after 3 s), then the "escalation-desk"
 *   team has 6 s; then "expiry-desk" has 4 s and no fallback, so the request expires;
 * - new accounts of high risk: every member of the "board" team must approve.
 */
export const testApprovalRules: ApprovalRules = {
  ...approvalRules,
  groups: { ...approvalRules.groups, escalation: { team: 'escalation-desk' }, expiry: { team: 'expiry-desk' }, board: { team: 'board' } },
  kinds: {
    ...approvalRules.kinds,
    'access-request': {
      ...approvalRules.kinds['access-request'],
      critical: [
        { name: 'Account owner', approvers: 'account-owner', mode: 'any', deadlineHours: seconds(6), reminderBeforeHours: seconds(3), fallback: 'escalation' },
        { name: 'Expiry desk', approvers: 'expiry', mode: 'any', deadlineHours: seconds(4), reminderBeforeHours: seconds(1) },
      ],
    },
    'new-account': { ...approvalRules.kinds['new-account'], high: [{ name: 'Board', approvers: 'board', mode: 'all', deadlineHours: 72, reminderBeforeHours: 24 }] },
  },
};

/** Writes the test rules beside the cloud's data; the cloud reads them through STEWARD_APPROVAL_RULES. */
export function writeTestApprovalRules(dataDir: string): string {
  const path = join(dataDir, 'approval-rules.test.json');
  writeFileSync(path, JSON.stringify(testApprovalRules));
  return path;
}
