import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundling } from '../../declarations/bundling.ts';
import { functionEnvironment, functionStatements, type Deployment, type Statement } from '../../declarations/access.ts';
import { functionName, functions, memoryMbOf, timeoutSecondsOf, type FunctionDeclaration, type FunctionId, type WorkflowAction } from '../../declarations/functions.ts';
import { streamMappingsOf } from '../../declarations/streams.ts';
import { stateMachineName, type WorkflowId } from '../../workflows/index.ts';

/** The newest Node.js runtime aws-cdk-lib knows; bundles target the same version. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/** What the stack shares with every function; each binds only what its catalogue entry declares. */
export interface StewardFunctionProps {
  readonly id: FunctionId;
  readonly repositoryRoot: string;
  /** The stack's resources, as the catalogue's environment and IAM statements name them. */
  readonly deployment: Deployment;
}

/**
 * One Lambda from the catalogue: bundled by esbuild (ESM, minified with names kept, source maps), its own log
 * group and a role holding exactly the statements `declarations/access.ts` computes for it, plus writing to its
 * own log group and X-Ray. The role is written here instead of taking AWSLambdaBasicExecutionRole, so log rights
 * are scoped to this function's log group. No physical names but the function's own: a rolled-back first
 * deploy leaves nothing behind that a second one would collide with.
 */
export class StewardFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: StewardFunctionProps) {
    super(scope, id);
    const declaration = functions[props.id] as FunctionDeclaration;
    const { deployment } = props;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    this.function = new NodejsFunction(this, 'Function', {
      functionName: functionName(props.id, deployment.prefix),
      description: declaration.description,
      entry: `${props.repositoryRoot}/${declaration.entry}`,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: memoryMbOf(props.id),
      timeout: Duration.seconds(timeoutSecondsOf(props.id)),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: props.repositoryRoot,
      depsLockFilePath: `${props.repositoryRoot}/package-lock.json`,
      environment: functionEnvironment(deployment, props.id),
      bundling: bundlingOptions,
    });
    for (const statement of functionStatements(deployment, props.id)) role.addToPolicy(policyStatement(statement));
    acknowledgeWildcards(role, deployment, props.id);
  }
}

/** A catalogue statement as a CDK policy statement. */
export const policyStatement = (statement: Statement) =>
  new PolicyStatement({ actions: [...statement.actions], resources: [...statement.resources], ...(statement.conditions ? { conditions: statement.conditions } : {}) });

/** The reasons for the wildcards the catalogue's statements need, one per kind of grant. */
function acknowledgeWildcards(role: Role, d: Deployment, id: FunctionId) {
  const access = functions[id].access as FunctionDeclaration['access'];
  const acknowledge = (resource: string, reason: string) => Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  const rotates = access.linkKey === 'rotate' || access.credentials === 'rotate';
  const streamed = streamMappingsOf(id).length > 0;
  acknowledge(
    '*',
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions' +
      (rotates ? '; nor does secretsmanager:GetRandomPassword, which draws the rotated key or password' : '') +
      (streamed ? "; nor does dynamodb:ListStreams, which Lambda's event source mapping calls with the function's role" : '') +
      '.',
  );
  if (streamed) {
    const tableLogicalId = /^<(.+)\.Arn>$/.exec(nagName(role, d.registry.tableArn))?.[1] ?? '';
    acknowledge(`<${tableLogicalId}.Arn>/stream/*`, "The registry's stream, read by the function's event source mapping; a stream's label changes when it is turned off and on, so only this table's streams.");
  }
  if (access.audit) {
    acknowledge(
      `${nagName(role, d.audit.bucketArn)}/*`,
      access.audit === 'seal' ? 'The sealer writes objects of the audit evidence bucket (write-once, locked by the bucket); it cannot delete them or change their lock.' : "Verification reads every object version of the audit evidence bucket, and nothing else's.",
    );
  }
  const loginSecrets = `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${d.secretPrefix}*`;
  if (access.credentials) acknowledge(loginSecrets, "One secret per registry account is created at run time; the grant is limited to this stage's account-login prefix.");
  if (access.loginRotation) acknowledge(loginSecrets, "One secret per registry account is created at run time; RotateSecret is limited to this stage's account-login prefix.");
  if (access.registry) {
    const tableLogicalId = /^<(.+)\.Arn>$/.exec(nagName(role, d.registry.tableArn))?.[1] ?? '';
    acknowledge(`<${tableLogicalId}.Arn>/index/*`, "Queries on the registry use its global secondary indexes; the wildcard covers only this table's indexes.");
  }
  for (const [workflow, rights] of Object.entries(access.workflows ?? {}) as [WorkflowId, readonly WorkflowAction[]][]) {
    if (!rights.includes('DescribeExecution')) continue;
    acknowledge(
      `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName(workflow, d.prefix)}:*`,
      'Runs are named at run time; the grant is DescribeExecution on the executions of this one state machine.',
    );
  }
}

/** How cdk-nag spells a token in a finding: `<LogicalId.Arn>` for a GetAtt. */
function nagName(scope: Construct, value: string): string {
  const resolved = Stack.of(scope).resolve(value) as { 'Fn::GetAtt'?: [string, string] } | string;
  return typeof resolved === 'object' && resolved['Fn::GetAtt'] ? `<${resolved['Fn::GetAtt'][0]}.${resolved['Fn::GetAtt'][1]}>` : String(resolved);
}

/** The catalogue's bundling (declarations/bundling.ts) in the CDK's terms. */
export const bundlingOptions = { ...bundling, format: OutputFormat.ESM, mainFields: [...bundling.mainFields], externalModules: [...bundling.externalModules] };
