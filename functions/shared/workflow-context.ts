import { readFileSync } from 'node:fs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { SecretsManagerLinkKeyRing } from '../../adapters/secrets-manager/link-key-ring.ts';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { StepFunctionsCallbacks, StepFunctionsStarter } from '../../adapters/step-functions/workflows.ts';
import { approvalRules } from '../../config/approval-rules.ts';
import { successionSettler } from '../../core/handover/succession.ts';
import type { HandoverContext } from '../../core/handover/ports.ts';
import type { ReviewStores } from '../../core/reviews/ports.ts';
import { approvalRulesSchema, type ApprovalRules } from '../../core/approvals/rules.ts';
import { parseInput } from '../../core/validation.ts';
import { stateMachineArnVar } from '../../declarations/functions.ts';
import { loadConfig } from './config.ts';
import { lookFromEnvironment } from './look.ts';
import { registryContext } from './registry.ts';

/** A dependency the catalogue did not give this function: reaching it is a wiring bug, said plainly. */
export const unbound = (what: string) => () => Promise.reject(new Error(`this function has no ${what} access (declarations/functions.ts)`));

/**
 * The rules in `config/approval-rules.ts`, checked at cold start. STEWARD_APPROVAL_RULES may name a JSON file
 * with other rules (the local cloud's tests use minutes-long deadlines); it is validated the same way.
 */
function loadRules(path: string | undefined): ApprovalRules {
  const source: unknown = path ? JSON.parse(readFileSync(path, 'utf8')) : approvalRules;
  return parseInput(approvalRulesSchema, source, 'approval rules') as ApprovalRules;
}

/**
 * Everything approvals and handovers need, wired once per execution environment from the function's
 * environment; a dependency the function's catalogue entry does not grant is a stub that says so.
 */
export function workflowContext(): HandoverContext & { store: ReviewStores } {
  const config = loadConfig({
    LINK_KEY_SECRET_ID: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    PUBLIC_URL: z.url().optional(),
    [stateMachineArnVar('approval')]: z.string().min(1).optional(),
    [stateMachineArnVar('handover')]: z.string().min(1).optional(),
    STEWARD_APPROVAL_RULES: z.string().min(1).optional(),
  });
  const sfn = new SFNClient({});
  const starter = (workflow: 'approval' | 'handover') => {
    const stateMachineArn = config[stateMachineArnVar(workflow)] as string | undefined;
    return stateMachineArn ? new StepFunctionsStarter({ client: sfn, stateMachineArn }) : undefined;
  };
  const approvals = starter('approval');
  const handovers = starter('handover');
  const ctx: HandoverContext & { store: ReviewStores } = {
    ...registryContext(),
    rules: loadRules(config.STEWARD_APPROVAL_RULES),
    links: config.LINK_KEY_SECRET_ID ? new SecretsManagerLinkKeyRing({ client: new SecretsManagerClient({}), secretId: config.LINK_KEY_SECRET_ID }) : { current: unbound('link key'), find: unbound('link key') },
    mailer: config.MAIL_FROM ? new SesMailer({ client: new SESv2Client({}), from: config.MAIL_FROM, look: lookFromEnvironment() }) : { send: unbound('email') },
    callbacks: new StepFunctionsCallbacks(sfn),
    workflow: approvals ? { start: (requestId) => approvals.start(requestId, { requestId }) } : { start: unbound('approval workflow') },
    handover: handovers ? { start: (caseId) => handovers.start(caseId, { caseId }) } : { start: unbound('handover workflow') },
    publicUrl: (config.PUBLIC_URL ?? '').replace(/\/$/, ''),
    outcomes: { settled: (request) => successionSettler(ctx).settled(request) },
  };
  return ctx;
}
