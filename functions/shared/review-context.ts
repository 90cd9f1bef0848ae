import { readFileSync } from 'node:fs';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { StepFunctionsRuns } from '../../adapters/step-functions/workflows.ts';
import { reviewCadences } from '../../config/review-cadences.ts';
import { reviewCadencesSchema, type ReviewCadences } from '../../core/reviews/cadences.ts';
import type { ReviewContext } from '../../core/reviews/ports.ts';
import { parseInput } from '../../core/validation.ts';
import { stateMachineArnVar } from '../../declarations/functions.ts';
import { loadConfig } from './config.ts';
import { loginRotations } from './rotation.ts';
import { unbound, workflowContext } from './workflow-context.ts';

/**
 * The cadences in `config/review-cadences.ts`, checked at cold start (their groups must exist in the approval
 * rules). STEWARD_REVIEW_CADENCES may name a JSON file with others (the local cloud's tests run in seconds).
 */
function loadCadences(path: string | undefined, groups: Record<string, unknown>): ReviewCadences {
  const cadences = parseInput(reviewCadencesSchema, path ? JSON.parse(readFileSync(path, 'utf8')) : reviewCadences, 'review cadences');
  for (const group of [cadences.escalateTo, cadences.brandAuditors]) {
    if (group !== undefined && !(group in groups)) throw new Error(`review cadences name the group "${group}", which the approval rules do not define`);
  }
  return cadences;
}

/** What the scheduled reviews need: the workflow context, the cadences, login rotations and review runs. */
export function reviewContext(): ReviewContext {
  const config = loadConfig({
    STEWARD_REVIEW_CADENCES: z.string().min(1).optional(),
    [stateMachineArnVar('reviews')]: z.string().min(1).optional(),
  });
  const base = workflowContext();
  const runsArn = config[stateMachineArnVar('reviews')] as string | undefined;
  return {
    ...base,
    cadences: loadCadences(config.STEWARD_REVIEW_CADENCES as string | undefined, base.rules.groups),
    rotations: loginRotations(),
    runs: runsArn ? new StepFunctionsRuns({ client: new SFNClient({}), stateMachineArn: runsArn }) : { start: unbound('review runs'), status: unbound('review runs') },
  };
}
