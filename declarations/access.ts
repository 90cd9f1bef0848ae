/**
 * What each catalogued function and workflow is given, computed once from the catalogue: the environment
 * variables it reads and the IAM statements its role holds. The CDK stack attaches exactly these (with tokens
 * for the stack's resources); the local cloud gives each function exactly these (with the local resources'
 * names) and refuses on the wire whatever the statements do not allow. No CDK here: plain data both use.
 */
import { functionName, functions, stateMachineArnVar, type FunctionDeclaration, type FunctionId, type TableAccess, type WorkflowAction } from './functions.ts';
import type { Look } from '../core/messaging/look.ts';
import { streamMappingsOf } from './streams.ts';
import { registryTable } from './table.ts';
import { stateMachineName, workflows, type WorkflowDeclaration, type WorkflowId } from '../workflows/index.ts';

/** The resources of one deployment, as strings: CloudFormation tokens in the stack, literal names locally. */
export interface Deployment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** Prefix of function and state machine names. */
  readonly prefix: string;
  readonly registry: { readonly tableName: string; readonly tableArn: string; readonly keyArn: string };
  /** Secrets Manager name prefix of the accounts' shared logins, e.g. `steward/prod/accounts/`. */
  readonly secretPrefix: string;
  readonly linkKeySecretArn: string;
  /** The sender of Steward's emails and the SES identity (domain or address) it is verified under. */
  readonly mail: { readonly from: string; readonly identity: string };
  /** Where email links lead. */
  readonly publicUrl: string;
  /** The company's name, logo and time zone on emails and link pages (`core/look.ts`). */
  readonly look: Look;
  /** A platform with a password API for the rotation's connector (the local cloud's simulated platform). */
  readonly platformUrl?: string;
  /** The audit trail's evidence: the locked bucket, the checkpoints' signing key, and the log's name in them. */
  readonly audit: { readonly bucketName: string; readonly bucketArn: string; readonly signingKeyArn: string; readonly origin: string };
}

/** One IAM policy statement: allow these actions on these resources, under these conditions. */
export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const arn = (d: Deployment, service: string, resource: string) => `arn:${d.partition}:${service}:${d.region}:${d.account}:${resource}`;

export const functionArn = (d: Deployment, id: FunctionId) => arn(d, 'lambda', `function:${functionName(id, d.prefix)}`);
export const stateMachineArn = (d: Deployment, id: WorkflowId) => arn(d, 'states', `stateMachine:${stateMachineName(id, d.prefix)}`);
/** Executions are authorized on their own ARN, which names the state machine and the run. */
export const executionsArn = (d: Deployment, id: WorkflowId) => arn(d, 'states', `execution:${stateMachineName(id, d.prefix)}:*`);
export const loginSecretsArn = (d: Deployment) => arn(d, 'secretsmanager', `secret:${d.secretPrefix}*`);
export const mailIdentityArn = (d: Deployment) => arn(d, 'ses', `identity/${d.mail.identity}`);
/** The default event bus, where sealed audit events go. */
export const defaultBusArn = (d: Deployment) => arn(d, 'events', 'event-bus/default');
/** The table's streams: a stream's label changes when it is turned off and on, the table's name does not. */
export const tableStreamsArn = (d: Deployment) => `${d.registry.tableArn}/stream/*`;

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const WRITE = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Data-plane actions per access level. No Scan: request paths Query keys and indexes only. */
export const registryActions: Record<TableAccess, readonly string[]> = { read: READ, write: WRITE };

/** Secrets Manager actions per access level, on the stage's account-login secrets only. */
const CREDENTIAL_ACTIONS = {
  read: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  rotate: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
  write: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
} as const;

/** The rotation function's rights on the secret it rotates: what Secrets Manager's rotation protocol calls. */
const ROTATION_ACTIONS = CREDENTIAL_ACTIONS.rotate;

/** What Lambda's event source mapping reads a stream with, on the function's role. ListStreams has no resource. */
const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

/** Reading the evidence: every version of every object (an overwrite adds a version, the first stays). */
const EVIDENCE_READ = ['s3:GetObject', 's3:GetObjectVersion'];
const EVIDENCE_LIST = ['s3:ListBucket', 's3:ListBucketVersions'];

const writesData = (actions: readonly string[]) => actions.some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));

/** Table actions and the matching use of its KMS key, only through DynamoDB (no `kms:*Data*` wildcards). */
export function registryStatements(d: Deployment, actions: readonly string[], options: { indexes: boolean }): Statement[] {
  return [
    { actions, resources: [d.registry.tableArn, ...(options.indexes ? [`${d.registry.tableArn}/index/*`] : [])] },
    {
      actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writesData(actions) ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
      resources: [d.registry.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${d.region}.amazonaws.com` } },
    },
  ];
}

/** `Steward <steward@example.com>` → `steward@example.com`. */
export const mailAddress = (from: string) => /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;

const accessOf = (id: FunctionId) => functions[id].access as FunctionDeclaration['access'];

/** The IAM statements a function's role holds for what its catalogue entry declares (logs and tracing aside). */
export function functionStatements(d: Deployment, id: FunctionId): Statement[] {
  const access = accessOf(id);
  const statements: Statement[] = [];
  if (access.registry) statements.push(...registryStatements(d, registryActions[access.registry], { indexes: true }));
  if (access.credentials) {
    statements.push({ actions: CREDENTIAL_ACTIONS[access.credentials], resources: [loginSecretsArn(d)] });
    // Rotation draws new passwords; GetRandomPassword has no resource to scope to.
    if (access.credentials === 'rotate') statements.push({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] });
  }
  if (access.linkKey === 'read') statements.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [d.linkKeySecretArn] });
  if (access.linkKey === 'rotate') {
    statements.push({ actions: ROTATION_ACTIONS, resources: [d.linkKeySecretArn] });
    statements.push({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] });
  }
  if (access.email) statements.push({ actions: ['ses:SendEmail'], resources: [mailIdentityArn(d)], conditions: { StringEquals: { 'ses:FromAddress': mailAddress(d.mail.from) } } });
  if (access.loginRotation) {
    // The caller of RotateSecret must itself be allowed to invoke the rotation function.
    statements.push({ actions: ['secretsmanager:RotateSecret'], resources: [loginSecretsArn(d)] });
    statements.push({ actions: ['lambda:InvokeFunction'], resources: [functionArn(d, 'credentialRotation')] });
  }
  if (access.audit === 'seal') {
    // Write-once: PutObject only (no delete, no retention change); GetObject to see whether a checkpoint is there.
    statements.push({ actions: ['s3:PutObject', 's3:GetObject'], resources: [`${d.audit.bucketArn}/*`] });
    statements.push({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [d.audit.signingKeyArn] });
    statements.push({ actions: ['events:PutEvents'], resources: [defaultBusArn(d)] });
  }
  if (access.audit === 'verify') {
    statements.push({ actions: EVIDENCE_READ, resources: [`${d.audit.bucketArn}/*`] });
    statements.push({ actions: EVIDENCE_LIST, resources: [d.audit.bucketArn] });
    statements.push({ actions: ['kms:GetPublicKey'], resources: [d.audit.signingKeyArn] });
  }
  if (streamMappingsOf(id).length > 0) {
    statements.push({ actions: STREAM_READ, resources: [tableStreamsArn(d)] });
    statements.push({ actions: ['dynamodb:ListStreams'], resources: ['*'] });
  }
  for (const [workflow, rights] of Object.entries(access.workflows ?? {}) as [WorkflowId, readonly WorkflowAction[]][]) {
    const onMachine = rights.filter((action) => action !== 'DescribeExecution');
    if (onMachine.length) statements.push({ actions: onMachine.map((action) => `states:${action}`), resources: [stateMachineArn(d, workflow)] });
    if (rights.includes('DescribeExecution')) statements.push({ actions: ['states:DescribeExecution'], resources: [executionsArn(d, workflow)] });
  }
  return statements;
}

/** The environment a function runs with: exactly the names its handler reads for what it was granted. */
export function functionEnvironment(d: Deployment, id: FunctionId): Record<string, string> {
  const access = accessOf(id);
  const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'steward' };
  if (access.registry) environment[registryTable.envVar] = d.registry.tableName;
  if (access.credentials) environment.SECRET_PREFIX = d.secretPrefix;
  if (access.linkKey === 'read') environment.LINK_KEY_SECRET_ID = d.linkKeySecretArn;
  if (access.email) environment.MAIL_FROM = d.mail.from;
  if (access.loginRotation) environment.LOGIN_ROTATION_FUNCTION_ARN = functionArn(d, 'credentialRotation');
  for (const workflow of Object.keys(access.workflows ?? {}) as WorkflowId[]) environment[stateMachineArnVar(workflow)] = stateMachineArn(d, workflow);
  if (access.linkKey || access.email || access.workflows) environment.PUBLIC_URL = d.publicUrl;
  if (access.linkKey || access.email) {
    environment.COMPANY_NAME = d.look.companyName;
    environment.TIME_ZONE = d.look.timeZone;
    if (d.look.logoUrl) environment.COMPANY_LOGO_URL = d.look.logoUrl;
  }
  if (d.platformUrl && access.platforms) environment.SIMULATED_PLATFORM_URL = d.platformUrl;
  if (access.audit) Object.assign(environment, { AUDIT_BUCKET: d.audit.bucketName, AUDIT_SIGNING_KEY: d.audit.signingKeyArn, AUDIT_ORIGIN: d.audit.origin });
  return environment;
}

/** The IAM statements a state machine's role holds for its integrations (logs and tracing aside). */
export function workflowStatements(d: Deployment, id: WorkflowId): Statement[] {
  const declaration = workflows[id];
  const statements: Statement[] = [];
  const invoked = [...new Set(Object.values(declaration.functions))];
  // Unqualified ARNs only (grantInvoke would add `:*` for every version and alias).
  if (invoked.length) statements.push({ actions: ['lambda:InvokeFunction'], resources: invoked.map((fn) => functionArn(d, fn)) });
  const actions = declaration.serviceActions as readonly string[];
  const tableActions = actions.filter((a) => a.startsWith('dynamodb:'));
  if (tableActions.length) statements.push(...registryStatements(d, tableActions, { indexes: false }));
  const callbackActions = actions.filter((a) => a.startsWith('states:Send'));
  // Answers only its own tasks.
  if (callbackActions.length) statements.push({ actions: callbackActions, resources: [stateMachineArn(d, id)] });
  const children = Object.values((declaration as WorkflowDeclaration).children ?? {});
  if (children.length) {
    // What `startExecution.sync:2` needs: start the child, follow and stop its runs, and the managed rule
    // through which Step Functions hears that a child ended.
    statements.push({ actions: ['states:StartExecution'], resources: children.map((child) => stateMachineArn(d, child)) });
    statements.push({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: children.map((child) => executionsArn(d, child)) });
    statements.push({ actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [arn(d, 'events', 'rule/StepFunctionsGetEventsForStepFunctionsExecutionRule')] });
  }
  return statements;
}
