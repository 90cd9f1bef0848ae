import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { assertUsableStack, SmokeRefusal, targetFromOutputs, type SmokeTarget } from './model.ts';

/**
 * What `npm run smoke` asks AWS before it checks anything: who the credentials belong to, and the stack's
 * outputs. The only code of the smoke test that knows CloudFormation; the checks take the plain target.
 */

export interface Caller {
  readonly account: string;
  readonly arn: string;
}

/** A client's configuration, as far as the checks before the first call need it. */
interface ClientConfig {
  readonly config: { credentials(): Promise<unknown>; region(): Promise<string> };
}

/**
 * Resolves the SDK's default credential chain without calling anything: no credentials stop the run before
 * anything is touched.
 */
export async function requireCredentials(client: ClientConfig): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    throw new SmokeRefusal(
      'no AWS credentials could be resolved (environment, shared config and credentials files, SSO, web identity, container or instance metadata). ' +
        'Sign in first, e.g. `aws sso login --profile <p>` then `AWS_PROFILE=<p> npm run smoke -- --stack <name>`. Nothing was touched.',
      { cause: error },
    );
  }
}

/** `--region`, else the SDK's own resolution (AWS_REGION, then the profile's `region`). */
export async function requireRegion(client: ClientConfig, given: string | undefined): Promise<string> {
  if (given) return given;
  try {
    return await client.config.region();
  } catch (error) {
    throw new SmokeRefusal("no AWS region: pass --region <region> or set AWS_REGION (or the profile's region). Nothing was touched.", { cause: error });
  }
}

/** The account and identity the credentials belong to (GetCallerIdentity needs no permission); failing that, the run stops. */
export async function callerIdentity(sts: Pick<STSClient, 'send'>): Promise<Caller> {
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account!, arn: identity.Arn! };
  } catch (error) {
    // Expired or invalid credentials, or no way to reach STS: either way the account is unknown, so nothing else is asked.
    throw new SmokeRefusal(`STS GetCallerIdentity failed, so the account these credentials belong to is unknown (${(error as Error).name}: ${(error as Error).message}). Nothing was touched.`, { cause: error });
  }
}

/** The stack's outputs as a smoke target; a missing stack or output is an Error naming it. */
export async function stackTarget(cloudFormation: Pick<CloudFormationClient, 'send'>, stackName: string, region: string): Promise<SmokeTarget> {
  let stack;
  try {
    [stack] = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
  } catch (error) {
    // CloudFormation answers a missing stack with a ValidationError "Stack with id X does not exist".
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) {
      throw new Error(`there is no stack ${stackName} in ${region} (stacks are named Steward-<stage>)`, { cause: error });
    }
    throw error;
  }
  if (!stack) throw new Error(`there is no stack ${stackName} in ${region}`);
  assertUsableStack(stack.StackStatus ?? 'unknown', stack.StackStatusReason);
  return targetFromOutputs(stack.Outputs ?? [], region);
}

/** Clients on the SDK's default credential chain; without a region, only for resolving credentials and region. */
export const awsClients = (region?: string) => {
  const config = region ? { region } : {};
  return { sts: new STSClient(config), cloudFormation: new CloudFormationClient(config) };
};
