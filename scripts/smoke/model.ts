import { parseArgs } from 'node:util';
import { workflowIds, type WorkflowId } from '../../workflows/index.ts';

/**
 * The pure part of `npm run smoke`: what it is pointed at, how its arguments read, how results print and
 * which exit code they give. No AWS SDK here: `aws.ts` resolves the target, `checks.ts` runs the checks.
 */

/** What the checks touch: resolved from the stack's outputs on AWS, or given directly (the local cloud's tests). */
export interface SmokeTarget {
  readonly apiUrl: string;
  readonly stateMachineArns: Readonly<Record<WorkflowId, string>>;
  readonly tableName: string;
  readonly region: string;
}

export interface SmokeOptions {
  readonly stack: string;
  /** Absent: the SDK's own resolution (AWS_REGION, then the profile's `region`). */
  readonly region?: string;
  /** How long the canary run may take before its check fails. */
  readonly canaryTimeoutSeconds: number;
}

/** One line of the report. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** On success what was seen; on failure why it failed. */
  readonly detail: string;
}

/** The run stopped before touching anything: bad arguments, or no credentials or region to act with. Exit code 2. */
export class SmokeRefusal extends Error {
  override readonly name = 'SmokeRefusal';
  readonly exitCode = 2;
}

export const USAGE = 'usage: npm run smoke -- --stack <stack name, e.g. Steward-prod> [--region <region>] [--canary-timeout <seconds, default 180>]';

/** Reads `--stack <name> [--region r] [--canary-timeout s]`; anything else is refused with the usage line. */
export function parseSmokeArgs(argv: readonly string[]): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { stack: { type: 'string' }, region: { type: 'string' }, 'canary-timeout': { type: 'string' } },
    }));
  } catch (error) {
    throw new SmokeRefusal(`${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  if (!values.stack) throw new SmokeRefusal(`--stack is required: the CloudFormation stack to check.\n${USAGE}`);
  const timeout = values['canary-timeout'] === undefined ? 180 : Number(values['canary-timeout']);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 3600) throw new SmokeRefusal(`--canary-timeout must be whole seconds between 1 and 3600.\n${USAGE}`);
  return { stack: values.stack, ...(values.region ? { region: values.region } : {}), canaryTimeoutSeconds: timeout };
}

/** The stack's output keys, as infra/stack.ts declares its CfnOutputs. */
export const OUTPUT_KEYS = {
  apiUrl: 'ApiUrl',
  tableName: 'RegistryTableName',
  stateMachineArn: (id: WorkflowId) => `${id}StateMachineArn`,
} as const;

/**
 * Stack states whose resources are all there: deployed, updated, or an update rolled back to the version
 * before it (which then is what the checks test). A first deploy that rolled back (ROLLBACK_COMPLETE) has
 * none, and a stack mid-operation is not checked until it settles.
 */
const USABLE_STACK_STATUSES = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'];

/** Throws, naming the status and CloudFormation's reason, unless the stack can be checked. */
export function assertUsableStack(status: string, reason?: string): void {
  if (USABLE_STACK_STATUSES.includes(status)) return;
  const hint = status === 'ROLLBACK_COMPLETE' ? ': its first deploy failed; delete it and deploy again (README, "Deploying to AWS")' : '';
  throw new Error(`the stack is ${status}${reason ? ` (${reason})` : ''}${hint}`);
}

/**
 * The target, from DescribeStacks' outputs. Every output the checks need must be there; a stack deployed from
 * an older Steward (or another stack altogether) is named with what it lacks.
 */
export function targetFromOutputs(outputs: readonly { OutputKey?: string; OutputValue?: string }[], region: string): SmokeTarget {
  const values = new Map(outputs.flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [])));
  const wanted = [OUTPUT_KEYS.apiUrl, OUTPUT_KEYS.tableName, ...workflowIds.map(OUTPUT_KEYS.stateMachineArn)];
  const missing = wanted.filter((key) => !values.has(key));
  if (missing.length > 0) throw new Error(`the stack has no output ${missing.join(', ')}: is it a Steward stack, deployed from this version?`);
  return {
    apiUrl: values.get(OUTPUT_KEYS.apiUrl)!.replace(/\/+$/, ''),
    tableName: values.get(OUTPUT_KEYS.tableName)!,
    stateMachineArns: Object.fromEntries(workflowIds.map((id) => [id, values.get(OUTPUT_KEYS.stateMachineArn(id))!])) as Record<WorkflowId, string>,
    region,
  };
}

/** `ok      name (detail)` or `FAILED  name: reason`, one line: a multi-line reason is folded. */
export function formatResult(result: CheckResult): string {
  const detail = result.detail.replace(/\s*\n\s*/g, ' ').trim();
  return result.ok ? `ok      ${result.name}${detail ? ` (${detail})` : ''}` : `FAILED  ${result.name}: ${detail || 'no reason given'}`;
}

/** 0 when every check passed, 1 when any failed (or none ran). */
export const exitCodeOf = (results: readonly CheckResult[]): 0 | 1 => (results.length > 0 && results.every((r) => r.ok) ? 0 : 1);
