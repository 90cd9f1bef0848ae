import type { IncomingHttpHeaders } from 'node:http';
import { functionStatements, workflowStatements, type Deployment, type Statement } from '../../declarations/access.ts';
import { functionIds, functionName, type FunctionId } from '../../declarations/functions.ts';
import { stateMachineName, workflowIds, type WorkflowId } from '../../workflows/index.ts';
import { AwsServiceError } from './errors.ts';

/** Who a call comes from: a function's or a state machine's role, with the statements the stack gives it. */
export interface RolePrincipal {
  readonly kind: 'function' | 'workflow';
  /** The role's session as AWS names it in an AccessDenied message. */
  readonly arn: string;
  readonly accessKeyId: string;
  readonly statements: readonly Statement[];
}

/** What one call asks for: an IAM action on a resource, with the request's condition keys. */
export interface Authorization {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

/** The access key a role's temporary credentials carry, as Lambda hands them to a function. */
export const roleAccessKey = (kind: RolePrincipal['kind'], id: string) => `ASIA${kind === 'function' ? 'FN' : 'SM'}${id.toUpperCase()}`.slice(0, 128);

/** `*` and `?` in IAM action and resource patterns; actions compare case-insensitively, as IAM does. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** StringEquals / StringLike only: the condition operators the catalogue uses. A key the request lacks fails. */
function conditionsHold(statement: Statement, context: Readonly<Record<string, string>>): boolean {
  for (const [operator, keys] of Object.entries(statement.conditions ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (actual === undefined) return false;
      if (operator === 'StringEquals' && actual !== expected) return false;
      if (operator === 'StringLike' && !matches(expected, actual, false)) return false;
      if (operator !== 'StringEquals' && operator !== 'StringLike') return false;
    }
  }
  return true;
}

export const allows = (statements: readonly Statement[], { action, resource, context = {} }: Authorization) =>
  statements.some((st) => st.actions.some((a) => matches(a, action, true)) && st.resources.some((r) => matches(r, resource, false)) && conditionsHold(st, context));

/**
 * The local cloud's IAM: every function and state machine calls the local services with its own access key,
 * and each call is checked against exactly the statements `declarations/access.ts` gives that role on AWS.
 * Any other key is the operator's (the CLI, the tests, the cloud's own set-up), which may do anything, as an
 * administrator's credentials may.
 */
export class LocalIam {
  private readonly byKey = new Map<string, RolePrincipal>();
  readonly functions: Readonly<Record<FunctionId, RolePrincipal>>;
  readonly workflows: Readonly<Record<WorkflowId, RolePrincipal>>;

  constructor(private readonly deployment: Deployment) {
    const role = (kind: RolePrincipal['kind'], id: string, name: string, statements: Statement[]): RolePrincipal => ({
      kind,
      arn: `arn:${deployment.partition}:sts::${deployment.account}:assumed-role/${name}/${name}`,
      accessKeyId: roleAccessKey(kind, id),
      statements,
    });
    this.functions = Object.fromEntries(functionIds.map((id) => [id, role('function', id, functionName(id, deployment.prefix), functionStatements(deployment, id))])) as Record<FunctionId, RolePrincipal>;
    this.workflows = Object.fromEntries(workflowIds.map((id) => [id, role('workflow', id, stateMachineName(id, deployment.prefix), workflowStatements(deployment, id))])) as Record<WorkflowId, RolePrincipal>;
    for (const principal of [...Object.values(this.functions), ...Object.values(this.workflows)]) this.byKey.set(principal.accessKeyId, principal);
  }

  /** The role whose access key signed a request (SigV4 `Credential=<key>/...`); undefined for the operator. */
  principalOf(headers: IncomingHttpHeaders): RolePrincipal | undefined {
    const authorization = headers.authorization;
    const key = typeof authorization === 'string' ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
    return key ? this.byKey.get(key) : undefined;
  }

  /** Throws AWS's AccessDeniedException (its message as AWS words it) when the role may not do this. */
  authorize(principal: RolePrincipal | undefined, request: Authorization, statusCode = 400): void {
    if (!principal || allows(principal.statements, request)) return;
    throw new AwsServiceError(
      'AccessDeniedException',
      `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} because no identity-based policy allows the ${request.action} action`,
      statusCode,
    );
  }

  arn(service: string, resource: string): string {
    const d = this.deployment;
    return `arn:${d.partition}:${service}:${d.region}:${d.account}:${resource}`;
  }
}
