import { describe, expect, it } from 'vitest';
import { approvalRules } from '../../config/approval-rules.ts';
import { testApprovalRules } from '../../tests/support/approval-rules.ts';
import { RuleViolationError } from '../errors.ts';
import { approvalRulesSchema, resolveStages, type StageContext } from './rules.ts';

describe('approval rules', () => {
  it('the repository rules and the test rules are valid', () => {
    expect(approvalRulesSchema.safeParse(approvalRules).success).toBe(true);
    expect(approvalRulesSchema.safeParse(testApprovalRules).success).toBe(true);
  });

  it('refuse unknown approver groups, a reminder after the deadline, and a missing tier', () => {
    const broken = structuredClone(approvalRules) as any;
    broken.kinds['access-request'].low[0].approvers = 'nobody-knows';
    broken.kinds['access-request'].medium[0].reminderBeforeHours = 71;
    broken.kinds['access-request'].medium[1].reminderBeforeHours = 72;
    const issues = approvalRulesSchema.safeParse(broken).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['kinds.access-request.low.0.approvers', 'kinds.access-request.medium.1.reminderBeforeHours']);
    const incomplete = structuredClone(approvalRules) as any;
    delete incomplete.kinds['new-account'].critical;
    expect(approvalRulesSchema.safeParse(incomplete).error?.issues.map((i) => i.path.join('.'))).toEqual(['kinds.new-account.critical']);
  });

  const context = (overrides: Partial<StageContext>): StageContext => ({
    kind: 'access-request',
    riskTier: 'medium',
    requesterId: 'req',
    accountOwnerId: 'owner',
    teamMembers: async (team) => ({ governance: ['gov-1', 'gov-2', 'req'], security: ['sec-1'] })[team] ?? [],
    ...overrides,
  });

  it('names each stage approvers and never the requester', async () => {
    const stages = await resolveStages(approvalRules, context({}));
    expect(stages.map((s) => [s.name, s.approvers])).toEqual([
      ['Account owner', ['owner']],
      ['Governance team', ['gov-1', 'gov-2']],
    ]);
    expect(stages[0]!.fallbackApprovers).toEqual(['gov-1', 'gov-2']);
  });

  it('gives an owner asking for access to their own account the fallback group instead', async () => {
    const stages = await resolveStages(approvalRules, context({ requesterId: 'owner', accountOwnerId: 'owner' }));
    expect(stages[0]!.approvers).toEqual(['gov-1', 'gov-2', 'req']);
  });

  it('refuses up front a request nobody but the requester could approve', async () => {
    const lonely = context({ riskTier: 'high', requesterId: 'sec-1', teamMembers: async (team) => (team === 'security' ? ['sec-1'] : team === 'governance' ? [] : []) });
    await expect(resolveStages(approvalRules, lonely)).rejects.toBeInstanceOf(RuleViolationError);
  });
});
