import type { ApprovalRules } from '../core/approvals/rules.ts';

/**
 * Who approves what, as configuration in the repository (change it by pull request, reviewed like code).
 *
 * Stages run in order. `approvers` names who may decide a stage: `account-owner` (the account's owner), or a
 * group below. `mode: 'any'` needs one approver, `'all'` every one. Each stage has a deadline; a reminder
 * goes out `reminderBeforeHours` before it; at the deadline the stage escalates to `fallback` (a group) or,
 * without one, the request ends as expired. Nobody approves their own request or decides twice in one.
 */
export const approvalRules: ApprovalRules = {
  groups: {
    // A group is the active people of a registry team.
    governance: { team: 'governance' },
    security: { team: 'security' },
    // Brand audits (config/review-cadences.ts).
    brand: { team: 'communications' },
  },
  accessGrantDays: { low: 365, medium: 365, high: 180, critical: 90 },
  kinds: {
    'access-request': {
      low: [{ name: 'Account owner', approvers: 'account-owner', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24, fallback: 'governance' }],
      medium: [
        { name: 'Account owner', approvers: 'account-owner', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24, fallback: 'governance' },
        { name: 'Governance team', approvers: 'governance', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24 },
      ],
      high: [
        { name: 'Account owner', approvers: 'account-owner', mode: 'any', deadlineHours: 48, reminderBeforeHours: 12, fallback: 'governance' },
        { name: 'Governance team', approvers: 'governance', mode: 'any', deadlineHours: 48, reminderBeforeHours: 12 },
        { name: 'Security', approvers: 'security', mode: 'any', deadlineHours: 48, reminderBeforeHours: 12, fallback: 'governance' },
      ],
      critical: [
        { name: 'Account owner', approvers: 'account-owner', mode: 'any', deadlineHours: 24, reminderBeforeHours: 6, fallback: 'governance' },
        { name: 'Governance team', approvers: 'governance', mode: 'all', deadlineHours: 48, reminderBeforeHours: 12 },
        { name: 'Security', approvers: 'security', mode: 'any', deadlineHours: 24, reminderBeforeHours: 6, fallback: 'governance' },
      ],
    },
    'new-account': {
      low: [{ name: 'Governance team', approvers: 'governance', mode: 'any', deadlineHours: 120, reminderBeforeHours: 24 }],
      medium: [{ name: 'Governance team', approvers: 'governance', mode: 'any', deadlineHours: 120, reminderBeforeHours: 24 }],
      high: [
        { name: 'Governance team', approvers: 'governance', mode: 'any', deadlineHours: 120, reminderBeforeHours: 24 },
        { name: 'Security', approvers: 'security', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24, fallback: 'governance' },
      ],
      critical: [
        { name: 'Governance team', approvers: 'governance', mode: 'all', deadlineHours: 120, reminderBeforeHours: 24 },
        { name: 'Security', approvers: 'security', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24, fallback: 'governance' },
      ],
    },
    'successor-acceptance': {
      low: [{ name: 'Successor', approvers: 'successor', mode: 'any', deadlineHours: 120, reminderBeforeHours: 48, fallback: 'governance' }],
      medium: [{ name: 'Successor', approvers: 'successor', mode: 'any', deadlineHours: 120, reminderBeforeHours: 48, fallback: 'governance' }],
      high: [{ name: 'Successor', approvers: 'successor', mode: 'any', deadlineHours: 72, reminderBeforeHours: 24, fallback: 'governance' }],
      critical: [{ name: 'Successor', approvers: 'successor', mode: 'any', deadlineHours: 48, reminderBeforeHours: 12, fallback: 'governance' }],
    },
  },
};
