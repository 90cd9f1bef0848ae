import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { functionName, functions, stateMachineArnVar, type FunctionDeclaration, type FunctionId, type TableAccess, type WorkflowAction } from '../model/functions.ts';
import { stateMachineName, type WorkflowId } from '../../workflows/index.ts';
import { registryTable } from '../model/table.ts';
import { grantRegistry, registryActions, type RegistryRef } from './registry-access.ts';

/** The newest Node.js runtime aws-cdk-lib knows; bundles target the same version. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/** What the stack shares with every function; each binds only what its catalogue entry declares. */
export interface StewardFunctionShared {
  readonly repositoryRoot: string;
  readonly prefix: string;
  readonly registry: RegistryRef;
  /** Secrets Manager name prefix of the accounts' shared logins, e.g. `steward/prod/accounts/`. */
  readonly secretPrefix: string;
  /** The approval-link signing key. */
  readonly linkKey: ISecret;
  /** The sender of Steward's emails and the SES identity (domain or address) it is verified under. */
  readonly mail: { readonly from: string; readonly identity: string };
  /** The API's URL, where email links lead. */
  readonly publicUrl: string;
}

export interface StewardFunctionProps extends StewardFunctionShared {
  readonly id: FunctionId;
}

/**
 * One Lambda from the catalogue: bundled by esbuild (ESM, minified, source maps), its own log group and a role
 * holding only what the catalogue declares. The role is written here instead of taking
 * AWSLambdaBasicExecutionRole, so log rights are scoped to this function's log group.
 */
export class StewardFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: StewardFunctionProps) {
    super(scope, id);
    const declaration = functions[props.id];
    const name = functionName(props.id, props.prefix);
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${name}`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      functionName: name,
      description: declaration.description,
      entry: `${props.repositoryRoot}/${declaration.entry}`,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: (declaration as { memoryMb?: number }).memoryMb ?? 1024,
      timeout: Duration.seconds((declaration as { timeoutSeconds?: number }).timeoutSeconds ?? 30),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: props.repositoryRoot,
      depsLockFilePath: `${props.repositoryRoot}/package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'steward',
      },
      bundling: bundlingOptions,
    });
    const access = declaration.access as FunctionDeclaration['access'];
    if (access.registry) this.bindRegistry(props.registry, access.registry);
    if (access.credentials) this.bindCredentials(props.secretPrefix, access.credentials);
    if (access.linkKey === 'read') {
      props.linkKey.grantRead(this.function);
      this.function.addEnvironment('LINK_KEY_SECRET_ID', props.linkKey.secretArn);
    }
    if (access.email) this.bindEmail(props.mail);
    if (access.loginRotation) this.bindLoginRotation(props.prefix, props.secretPrefix);
    for (const [workflow, rights] of Object.entries(access.workflows ?? {}) as [WorkflowId, readonly WorkflowAction[]][]) this.bindWorkflow(props.prefix, workflow, rights);
    if (access.linkKey || access.email || access.workflows) this.function.addEnvironment('PUBLIC_URL', props.publicUrl);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions' +
        (access.linkKey === 'rotate' || access.credentials === 'rotate' ? '; nor does secretsmanager:GetRandomPassword, which draws the rotated key or password.' : '.'),
    });
  }

  /** Grants access to the logins' secrets (created at run time, one per account, under the prefix) and names the prefix. */
  private bindCredentials(prefix: string, access: 'read' | 'write' | 'rotate') {
    const stack = Stack.of(this);
    const secrets = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.function.addToRolePolicy(new PolicyStatement({ actions: CREDENTIAL_ACTIONS[access], resources: [secrets] }));
    // Rotation draws new passwords; GetRandomPassword has no resource to scope to.
    if (access === 'rotate') this.function.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }));
    this.function.addEnvironment('SECRET_PREFIX', prefix);
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}*]`,
      reason: 'One secret per registry account is created at run time; the grant is limited to this stage\'s account-login prefix.',
    });
  }

  /**
   * RotateSecret on the account logins, with the credential rotation function (Secrets Manager invokes it; the
   * caller of RotateSecret needs to be allowed to invoke it too). The function's ARN is built from its name.
   */
  private bindLoginRotation(prefix: string, secretPrefix: string) {
    const stack = Stack.of(this);
    const secrets = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const rotationFunction = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: functionName('credentialRotation', prefix), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:RotateSecret'], resources: [secrets] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [rotationFunction] }));
    this.function.addEnvironment('LOGIN_ROTATION_FUNCTION_ARN', rotationFunction);
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${secretPrefix}*]`,
      reason: 'One secret per registry account is created at run time; RotateSecret is limited to this stage\'s account-login prefix.',
    });
  }

  /** SES v2 SendEmail from the stage's verified identity only. */
  private bindEmail(mail: StewardFunctionShared['mail']) {
    const identity = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity], conditions: { StringEquals: { 'ses:FromAddress': mailAddress(mail.from) } } }));
    this.function.addEnvironment('MAIL_FROM', mail.from);
  }

  /**
   * Starts or answers one workflow's executions. The ARN is built from the workflow's name: a reference would
   * make a function the state machine invokes depend on the state machine, a cycle.
   */
  private bindWorkflow(prefix: string, workflow: WorkflowId, actions: readonly WorkflowAction[]) {
    const stack = Stack.of(this);
    const arn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName(workflow, prefix), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const onMachine = actions.filter((action) => action !== 'DescribeExecution');
    if (onMachine.length) this.function.addToRolePolicy(new PolicyStatement({ actions: onMachine.map((action) => `states:${action}`), resources: [arn] }));
    if (actions.includes('DescribeExecution')) {
      // DescribeExecution is authorized on the execution, whose ARN names the state machine and the run.
      const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName(workflow, prefix)}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
      Validations.of(this.function.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName(workflow, prefix)}:*]`,
        reason: 'Runs are named at run time; the grant is DescribeExecution on the executions of this one state machine.',
      });
    }
    this.function.addEnvironment(stateMachineArnVar(workflow), arn);
  }

  /** Grants the declared access to the registry and tells the function the table's name: one call, both. */
  private bindRegistry(registry: RegistryRef, access: TableAccess) {
    grantRegistry(this.function, registry, registryActions[access], { indexes: true });
    this.function.addEnvironment(registryTable.envVar, registry.table.tableName);
    const tableLogicalId = Stack.of(this).getLogicalId(registry.table.node.defaultChild as never);
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'Queries on the registry use its global secondary indexes; the wildcard covers only this table\'s indexes.',
    });
  }
}

/** `Steward <steward@example.com>` → `steward@example.com`. */
const mailAddress = (from: string) => /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;

/** Secrets Manager actions per access level, on the stage's account-login secrets only. */
const CREDENTIAL_ACTIONS = {
  read: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  rotate: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
  write: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
};

/**
 * ESM bundles need a `require` for the few CommonJS dependencies esbuild leaves as runtime requires.
 * The AWS SDK v3 is left out: the Node.js runtime ships it, which keeps bundles and cold starts small.
 */
export const bundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
};
