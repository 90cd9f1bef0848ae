import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Look } from '../core/messaging/look.ts';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { functionIds, type FunctionId } from '../declarations/functions.ts';
import { eventRules } from '../declarations/events.ts';
import { schedules } from '../declarations/schedules.ts';
import { registryTable, type KeyAttribute } from '../declarations/table.ts';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { StewardFunction } from './constructs/steward-function.ts';
import type { Deployment } from '../declarations/access.ts';
import { StewardHttpApi } from './constructs/http-api.ts';
import { ConsoleHosting, type ConsoleHostingProps } from './constructs/console-hosting.ts';
import { Workflow } from './constructs/workflow.ts';
import { workflowIds, type WorkflowId } from '../workflows/index.ts';

export interface StewardStackProps extends StackProps {
  /** Prefix of function and state machine names, so two stages can share an account. */
  readonly namePrefix: string;
  readonly stage: string;
  readonly repositoryRoot: string;
  readonly jwtIssuer: string;
  readonly jwtAudience: readonly string[];
  /** Sender of Steward's emails, and the SES identity (verified domain or address) it sends under. */
  readonly mail: { readonly from: string; readonly identity: string };
  /** The console: its built files, its client id at the identity provider, and its optional domain and WAF. */
  readonly console: Pick<ConsoleHostingProps, 'assets' | 'domain' | 'webAclArn'> & { readonly clientId: string };
  /** The company's name, logo and time zone: the console's top navigation, every email and link page. */
  readonly look: Look;
}

const attribute = (key: KeyAttribute) => ({ name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER });

/** Everything Steward runs on AWS. Every resource is derived from the shared declarations in declarations and workflows/. */
export class StewardStack extends Stack {
  /** The resources the catalogue's environments and IAM statements name, as this stack's tokens. */
  readonly deployment: Deployment;

  constructor(scope: Construct, id: string, props: StewardStackProps) {
    super(scope, id, props);

    const registryKey = new Key(this, 'RegistryKey', {
      description: 'Encrypts the Steward registry table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Table (not TableV2): TableV2 cannot render a customer-managed key in an environment-agnostic stack.
    const registry = new Table(this, registryTable.id, {
      partitionKey: attribute(registryTable.partitionKey),
      sortKey: attribute(registryTable.sortKey),
      timeToLiveAttribute: registryTable.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: registryKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of registryTable.globalSecondaryIndexes) {
      registry.addGlobalSecondaryIndex({ indexName: index.indexName, partitionKey: attribute(index.partitionKey), sortKey: attribute(index.sortKey) });
    }

    const api = new StewardHttpApi(this, 'Http', { jwtIssuer: props.jwtIssuer, jwtAudience: props.jwtAudience });
    // No secretName: a deleted secret's name stays reserved for its recovery window, which would fail a redeploy.
    const linkKey = new Secret(this, 'ApprovalLinkKey', {
      description: 'Signs approval links (HMAC-SHA256). AWSCURRENT signs; AWSPREVIOUS still verifies links sent before a rotation.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const consoleHosting = new ConsoleHosting(this, 'Console', {
      api: api.api,
      assets: props.console.assets,
      config: { authority: props.jwtIssuer, clientId: props.console.clientId, companyName: props.look.companyName, ...(props.look.logoUrl ? { logoUrl: props.look.logoUrl } : {}) },
      domain: props.console.domain,
      webAclArn: props.console.webAclArn,
    });
    const deployment: Deployment = {
      partition: this.partition,
      region: this.region,
      account: this.account,
      prefix: props.namePrefix,
      registry: { tableName: registry.tableName, tableArn: registry.tableArn, keyArn: registryKey.keyArn },
      secretPrefix: `steward/${props.stage}/accounts/`,
      linkKeySecretArn: linkKey.secretArn,
      mail: props.mail,
      // Links in emails open on the console's origin, where CloudFront passes them to the API.
      publicUrl: consoleHosting.url,
      look: props.look,
    };
    this.deployment = deployment;
    const functions = Object.fromEntries(
      functionIds.map((fn) => [fn, new StewardFunction(this, `${fn}Function`, { id: fn, repositoryRoot: props.repositoryRoot, deployment }).function]),
    ) as unknown as Record<FunctionId, IFunction>;
    api.addRoutes(functions);
    // Secrets Manager's own scheduled rotation of the accounts' logins calls the same function the handover does.
    functions.credentialRotation.addPermission('SecretsManagerRotation', { principal: new ServicePrincipal('secretsmanager.amazonaws.com'), sourceAccount: this.account });
    // Links live at most 30 days (core/approvals/rules.ts), well inside two rotations.
    linkKey.addRotationSchedule('Rotation', { rotationLambda: functions.linkKeyRotation, automaticallyAfter: Duration.days(90) });

    const stateMachines = Object.fromEntries(
      workflowIds.map((wf) => [wf, new Workflow(this, `${wf}Workflow`, { id: wf, deployment, functions }).stateMachine]),
    ) as Record<WorkflowId, Workflow['stateMachine']>;


    for (const rule of eventRules) {
      new Rule(this, `${rule.name}Rule`, {
        description: rule.description,
        eventPattern: { source: [...rule.source], detailType: [...rule.detailType] },
        targets: [new LambdaFunction(functions[rule.function], { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
      });
    }

    // One role for the schedules, assumable only by EventBridge Scheduler of this account.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'EventBridge Scheduler: invokes the scheduled Lambdas and starts the scheduled workflows.',
    });
    for (const schedule of schedules) {
      const input = ScheduleTargetInput.fromObject(schedule.input);
      const target = 'function' in schedule.target ? functions[schedule.target.function] : undefined;
      new Schedule(this, `${schedule.name}Schedule`, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.of(schedule.timezone)),
        target: target
          ? new LambdaInvoke(target, { input, role: schedulerRole })
          : new StepFunctionsStartExecution(stateMachines[(schedule.target as { workflow: WorkflowId }).workflow], { input, role: schedulerRole }),
      });
      if (target) {
        Validations.of(schedulerRole).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(target.node.defaultChild as never)}.Arn>:*]`,
          reason: "LambdaInvoke's grantInvoke also covers the function's versions and aliases (<arn>:*); the grant is to this one scheduled function.",
        });
      }
    }

    new Alarm(this, 'CanaryFailedAlarm', {
      alarmDescription: 'The daily canary workflow failed: an integration (DynamoDB, Lambda, callbacks) or its IAM wiring is broken.',
      metric: stateMachines.canary.metricFailed({ period: Duration.days(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'ConsoleUrl', { value: consoleHosting.url });
    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint });
    new CfnOutput(this, 'RegistryTableName', { value: registry.tableName });
    for (const wf of workflowIds) new CfnOutput(this, `${wf}StateMachineArn`, { value: stateMachines[wf].stateMachineArn });
  }
}
