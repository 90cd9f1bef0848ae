import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Look } from '../core/messaging/look.ts';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventSourceMapping, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { auditEvidence } from '../declarations/audit.ts';
import { streamMappings } from '../declarations/streams.ts';
import { AuditEvidence } from './constructs/audit-evidence.ts';
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
  /** How long each object of the audit evidence is locked (COMPLIANCE): 7 years by default. */
  readonly auditRetentionDays?: number;
  /** The audit log's name in its checkpoints (one word, say `steward.example.com/audit`): `steward-<stage>/audit` by default. */
  readonly auditOrigin?: string;
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
      ...(registryTable.stream ? { stream: StreamViewType[registryTable.stream] } : {}),
    });
    for (const index of registryTable.globalSecondaryIndexes) {
      registry.addGlobalSecondaryIndex({ indexName: index.indexName, partitionKey: attribute(index.partitionKey), sortKey: attribute(index.sortKey) });
    }

    const evidence = new AuditEvidence(this, 'AuditEvidence', { retentionDays: props.auditRetentionDays ?? auditEvidence.retentionDays });

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
      audit: { bucketName: evidence.bucket.bucketName, bucketArn: evidence.bucket.bucketArn, signingKeyArn: evidence.signingKey.keyArn, origin: props.auditOrigin ?? `steward-${props.stage}/audit` },
    };
    this.deployment = deployment;
    const stewardFunctions = Object.fromEntries(functionIds.map((fn) => [fn, new StewardFunction(this, `${fn}Function`, { id: fn, repositoryRoot: props.repositoryRoot, deployment })])) as Record<FunctionId, StewardFunction>;
    const functions = Object.fromEntries(functionIds.map((fn) => [fn, stewardFunctions[fn].function])) as unknown as Record<FunctionId, IFunction>;
    evidence.signOnlyAs(stewardFunctions.auditSealer.function.role!);

    for (const mapping of streamMappings) {
      const target = stewardFunctions[mapping.function];
      const source = new EventSourceMapping(this, `${mapping.name}StreamMapping`, {
        target: target.function,
        eventSourceArn: registry.tableStreamArn!,
        startingPosition: StartingPosition[mapping.startingPosition],
        batchSize: mapping.batchSize,
        maxBatchingWindow: Duration.seconds(mapping.maximumBatchingWindowSeconds),
        retryAttempts: mapping.maximumRetryAttempts,
        filters: [{ pattern: JSON.stringify(mapping.filter) }],
      });
      // Lambda checks the role can read the stream when the mapping is made: its policy comes first.
      source.node.addDependency(target);
      new Alarm(this, `${mapping.name}IteratorAgeAlarm`, {
        alarmDescription: `${mapping.description} Its oldest record waits over 5 minutes: the function is failing or falling behind.`,
        metric: target.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: 300_000,
        evaluationPeriods: 5,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
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
    new CfnOutput(this, 'AuditEvidenceBucket', { value: evidence.bucket.bucketName });
    new CfnOutput(this, 'AuditSigningKeyArn', { value: evidence.signingKey.keyArn, description: "The key whose public half (kms get-public-key) an auditor checks the checkpoints with." });
    for (const wf of workflowIds) new CfnOutput(this, `${wf}StateMachineArn`, { value: stateMachines[wf].stateMachineArn });
  }
}
