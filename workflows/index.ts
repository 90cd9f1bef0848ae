import { readFileSync } from 'node:fs';
import type { FunctionId } from '../declarations/functions.ts';
import type { WorkflowId } from './ids.ts';

export { workflowIds, type WorkflowId } from './ids.ts';

/**
 * The workflow catalogue. Each definition lives once, as ASL JSON beside this file, with `${Placeholder}`
 * substitutions for everything that differs between deployments. The CDK stack passes the JSON to
 * `DefinitionBody.fromFile` with `definitionSubstitutions`; the local cloud and the tests substitute local
 * names through `renderDefinition`. Nothing else in the repository describes a state machine.
 */
export interface WorkflowDeclaration {
  readonly file: string;
  readonly description: string;
  /** Placeholder → Lambda whose ARN replaces it. */
  readonly functions: Readonly<Record<string, FunctionId>>;
  /** Placeholder replaced by the registry table name, when the definition addresses the table directly. */
  readonly registryTablePlaceholder?: string;
  /** Placeholder → workflow it runs as a child execution (`states:startExecution.sync:2`). */
  readonly children?: Readonly<Record<string, WorkflowId>>;
  /** Services the definition calls through `arn:aws:states:::aws-sdk:*` or optimized integrations. */
  readonly serviceActions: readonly string[];
}

export const workflows = {
  canary: {
    file: 'canary.asl.json',
    description: 'Synthetic check of the integrations every workflow relies on.',
    functions: { ParkTaskFunctionArn: 'parkTask' },
    registryTablePlaceholder: 'RegistryTableName',
    serviceActions: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'states:SendTaskSuccess'],
  },
  approval: {
    file: 'approval.asl.json',
    description: 'Approval of a request by email link: stages by kind and risk tier, reminders, escalation, expiry.',
    functions: { ApprovalStepsFunctionArn: 'approvalSteps' },
    serviceActions: [],
  },
  handover: {
    file: 'handover.asl.json',
    description: 'Offboarding handover of a departure: revoke, rotate exposed logins, hand ownership on, report.',
    functions: { HandoverStepsFunctionArn: 'handoverSteps', CredentialRotationFunctionArn: 'credentialRotation', ReviewStepsFunctionArn: 'reviewSteps' },
    serviceActions: [],
  },
  reviews: {
    file: 'reviews.asl.json',
    description: 'A run of the scheduled governance reviews: every sweep in parallel, each as a chain of child executions of at most 20 pages.',
    functions: { ReviewStepsFunctionArn: 'reviewSteps' },
    children: { ReviewSweepStateMachineArn: 'reviewSweep' },
    serviceActions: [],
  },
  reviewSweep: {
    file: 'review-sweep.asl.json',
    description: "One part of a review run's sweep: up to 20 pages of what is due, each page fanned out in batches.",
    functions: { ReviewStepsFunctionArn: 'reviewSteps' },
    serviceActions: [],
  },
} as const satisfies Record<WorkflowId, WorkflowDeclaration>;

export const definitionPath = (id: WorkflowId): string => new URL(workflows[id].file, import.meta.url).pathname;

export const readDefinition = (id: WorkflowId): string => readFileSync(definitionPath(id), 'utf8');

/** Replaces `${Name}` placeholders, as CloudFormation's definitionSubstitutions do; an unknown one throws. */
export const renderDefinition = (id: WorkflowId, substitutions: Readonly<Record<string, string>>): string =>
  readDefinition(id).replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`workflow ${id}: no substitution for \${${name}}`);
    return value;
  });

/** State machine name, shared by the stack and the local cloud so ARNs follow one rule. */
export const stateMachineName = (id: WorkflowId, prefix = 'steward'): string => `${prefix}-${id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
