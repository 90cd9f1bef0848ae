import * as z from 'zod';
import { riskTiers, type RiskTier } from '../registry/model.ts';
import { RuleViolationError } from '../errors.ts';

/** The kinds of request that go through approval. */
export const requestKinds = ['access-request', 'new-account', 'successor-acceptance'] as const;
/** A kind of request that goes through approval. */
export type RequestKind = (typeof requestKinds)[number];

const stageRule = z.strictObject({
  name: z.string().min(1).max(100),
  /** `account-owner`, `successor` (named in the request) or a group name. */
  approvers: z.string().min(1),
  mode: z.enum(['any', 'all']),
  // Links live until their stage's deadline; the link key rotates every 90 days and the previous key keeps
  // verifying, so a stage may last at most 30 days (twice over, with an escalation) before its links go stale.
  deadlineHours: z.number().positive().max(24 * 30),
  reminderBeforeHours: z.number().nonnegative(),
  fallback: z.string().optional(),
});

/**
 * The approval rules' shape (config/approval-rules.ts): groups, grant lengths per tier, and each kind's stages
 * per tier.
 */
export const approvalRulesSchema = z
  .strictObject({
    groups: z.record(z.string(), z.strictObject({ team: z.string().min(1) })),
    /** The longest an approved access grant lasts, per account risk tier; a request may ask for less. */
    accessGrantDays: z.record(z.enum(riskTiers), z.number().int().min(1).max(366)),
    // Records keyed by an enum are exhaustive in zod 4: every kind and every tier must have its stages.
    kinds: z.record(z.enum(requestKinds), z.record(z.enum(riskTiers), z.array(stageRule).min(1).max(10))),
  })
  .superRefine((rules, ctx) => {
    const known = new Set(['account-owner', 'successor', ...Object.keys(rules.groups)]);
    for (const [kind, tiers] of Object.entries(rules.kinds)) {
      for (const [tier, stages] of Object.entries(tiers as Record<string, StageRule[]>)) {
        stages.forEach((stage, i) => {
          const where = [kind, tier, i];
          if (!known.has(stage.approvers)) ctx.addIssue({ code: 'custom', path: ['kinds', ...where, 'approvers'], message: `unknown approvers "${stage.approvers}"` });
          if (stage.fallback !== undefined && !(stage.fallback in rules.groups)) ctx.addIssue({ code: 'custom', path: ['kinds', ...where, 'fallback'], message: `fallback must be a group, not "${stage.fallback}"` });
          if (stage.reminderBeforeHours >= stage.deadlineHours) ctx.addIssue({ code: 'custom', path: ['kinds', ...where, 'reminderBeforeHours'], message: 'the reminder must come before the deadline' });
        });
      }
    }
  });

/** One stage as the rules declare it: who approves, how (any or all), its deadline, reminder and fallback. */
export type StageRule = z.output<typeof stageRule>;
/** The parsed approval rules the requests and the workflow follow. */
export interface ApprovalRules {
  groups: Record<string, { team: string }>;
  accessGrantDays: Record<RiskTier, number>;
  kinds: Record<RequestKind, Record<RiskTier, StageRule[]>>;
}

/** A stage with its approvers named: what the workflow runs and the emails go to. */
export interface ResolvedStage {
  index: number;
  name: string;
  mode: 'any' | 'all';
  approvers: string[];
  deadlineHours: number;
  reminderBeforeHours: number;
  /** The people the stage escalates to at its deadline (empty: the request expires). */
  fallbackApprovers: string[];
}

/** What stage resolution needs to know about the request and the organisation. */
export interface StageContext {
  kind: RequestKind;
  riskTier: RiskTier;
  requesterId: string;
  accountOwnerId?: string;
  successorId?: string;
  /** Active people of a registry team. */
  teamMembers(team: string): Promise<string[]>;
}

/**
 * Names the approvers of every stage. Separation of duties is applied here, once: the requester is never an
 * approver, and a stage that would be left with nobody takes its fallback group instead. A request that
 * still has a stage with nobody to decide it is refused up front, with the reason.
 */
export async function resolveStages(rules: ApprovalRules, context: StageContext): Promise<ResolvedStage[]> {
  const eligible = (people: string[]) => [...new Set(people)].filter((id) => id !== context.requesterId).sort();
  const groupMembers = async (group: string | undefined) => (group ? eligible(await context.teamMembers(rules.groups[group]!.team)) : []);
  const stages: ResolvedStage[] = [];
  for (const [index, rule] of rules.kinds[context.kind][context.riskTier].entries()) {
    const named =
      rule.approvers === 'account-owner' ? (context.accountOwnerId ? [context.accountOwnerId] : []) : rule.approvers === 'successor' ? (context.successorId ? [context.successorId] : []) : await context.teamMembers(rules.groups[rule.approvers]!.team);
    const fallbackApprovers = await groupMembers(rule.fallback);
    let approvers = eligible(named);
    if (approvers.length === 0) approvers = fallbackApprovers;
    if (approvers.length === 0) throw new RuleViolationError(`nobody but the requester can approve the stage "${rule.name}"; ask the governance team to add an approver`);
    stages.push({ index, name: rule.name, mode: rule.mode, approvers, deadlineHours: rule.deadlineHours, reminderBeforeHours: rule.reminderBeforeHours, fallbackApprovers });
  }
  return stages;
}
