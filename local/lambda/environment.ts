import { functionEnvironment, type Deployment } from '../../declarations/access.ts';
import { functionName, memoryMbOf, type FunctionId } from '../../declarations/functions.ts';

/** Where the local cloud's services answer, for the SDK clients inside a function. */
export interface LocalEndpoints {
  readonly aws: string;
  readonly dynamodb: string;
}

/**
 * What the operator of the local cloud may set on top (README, "The strict twin"): the log level, and the
 * configuration files the tests substitute for config/ (which on AWS is bundled).
 */
export const LOCAL_OVERRIDES = ['POWERTOOLS_LOG_LEVEL', 'STEWARD_APPROVAL_RULES', 'STEWARD_REVIEW_CADENCES', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] as const;

/**
 * A function's whole environment in the local cloud: what Lambda itself sets (region, the role's credentials,
 * the function's name and memory), where the local services answer, exactly what `access.ts` gives the
 * function on AWS, and the operator's overrides present in `hostEnvironment`. Nothing else.
 */
export function localFunctionEnvironment(
  deployment: Deployment,
  id: FunctionId,
  role: { accessKeyId: string },
  endpoints: LocalEndpoints,
  hostEnvironment: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    AWS_REGION: deployment.region,
    AWS_DEFAULT_REGION: deployment.region,
    AWS_ACCESS_KEY_ID: role.accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: functionName(id, deployment.prefix),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMbOf(id)),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName(id, deployment.prefix)}`,
    AWS_ENDPOINT_URL: endpoints.aws,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    ...functionEnvironment(deployment, id),
    ...Object.fromEntries(LOCAL_OVERRIDES.flatMap((name) => (hostEnvironment[name] ? [[name, hostEnvironment[name]]] : []))),
  };
}
