import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { ensureConsoleBuild } from '../../scripts/console-build.ts';
import { CONSOLE_API_PREFIX, contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, LINK_PAGE_PREFIXES } from '../../declarations/console.ts';
import { functionEnvironment, functionStatements, workflowStatements, type Statement as CatalogueStatement } from '../../declarations/access.ts';
import { functionIds, functionName } from '../../declarations/functions.ts';
import { routeKey, routes } from '../../declarations/routes.ts';
import { eventRules } from '../../declarations/events.ts';
import { auditEvidence } from '../../declarations/audit.ts';
import { streamMappings } from '../../declarations/streams.ts';
import { schedules } from '../../declarations/schedules.ts';
import { registryTable } from '../../declarations/table.ts';
import { readDefinition, stateMachineName, workflowIds, workflows, type WorkflowDeclaration } from '../../workflows/index.ts';
import { cfnLint, cfnLintVersion, describeFinding } from '../support/cfn-lint.ts';

/** Asked once, at collection, so a machine without cfn-lint shows the test as skipped and says why. */
const cfnLintFound = cfnLintVersion();
/** The stack is environment-agnostic: lint it where resource types and properties differ most often. */
const LINT_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

let template: Template;
let app: App;
let stack: ReturnType<typeof buildApp>['stack'];

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const statementsOf = (policy: any): Statement[] => policy.Properties.PolicyDocument.Statement;
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

beforeAll(async () => {
  await ensureConsoleBuild();
  ({ app, stack } = buildApp(new App({ context: { stage: 'test' } })));
  template = Template.fromStack(stack);
});

/** A policy as a set of `action resource condition` lines: the same grant however CDK groups its statements. */
const grantLines = (statements: { Action: unknown; Resource: unknown; Condition?: unknown }[]) =>
  new Set(
    statements.flatMap((st) => {
      const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
      const resources = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
      return actions.flatMap((action) => resources.map((resource) => `${action} ${JSON.stringify(resource)} ${JSON.stringify(st.Condition ?? null)}`));
    }),
  );
const asTemplate = (statements: CatalogueStatement[]) =>
  statements.map((st) => stack.resolve({ Action: st.actions, Resource: st.resources, Condition: st.conditions }) as { Action: unknown; Resource: unknown; Condition?: unknown });

/** The statements of every policy attached to the role a resource's `Role`/`RoleArn` property names. */
function roleStatements(roleArn: { 'Fn::GetAtt': [string, string] }) {
  const role = roleArn['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => statementsOf(p) as never[]);
}

const XRAY = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'].map((action) => `${action} "*" null`);
/** Step Functions' tracing also reads X-Ray's sampling rules. */
const XRAY_SAMPLING = ['xray:GetSamplingRules', 'xray:GetSamplingTargets'].map((action) => `${action} "*" null`);

describe('the Steward stack', () => {
  it('gives every function exactly the environment access.ts computes from its catalogue entry', () => {
    for (const id of functionIds) {
      const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName(id, 'steward-test') } }));
      expect(fn!.Properties.Environment.Variables, id).toEqual(stack.resolve(functionEnvironment(stack.deployment, id)));
    }
  });

  it("gives every function's role exactly the statements access.ts computes, plus its own log group and X-Ray", () => {
    for (const id of functionIds) {
      const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName(id, 'steward-test') } }));
      const logs = (fn!.Properties.LoggingConfig.LogGroup as { Ref: string }).Ref;
      const expected = new Set([
        ...grantLines(asTemplate(functionStatements(stack.deployment, id))),
        ...XRAY,
        ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => `${action} ${JSON.stringify({ 'Fn::GetAtt': [logs, 'Arn'] })} null`),
      ]);
      expect(grantLines(roleStatements(fn!.Properties.Role)), id).toEqual(expected);
    }
  });

  it("gives every state machine's role exactly the statements access.ts computes, plus logging and X-Ray", () => {
    for (const id of workflowIds) {
      const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: stateMachineName(id, 'steward-test') } }));
      const actual = [...grantLines(roleStatements(machine!.Properties.RoleArn))].filter((line) => !line.startsWith('logs:'));
      expect(new Set(actual), id).toEqual(new Set([...grantLines(asTemplate(workflowStatements(stack.deployment, id))), ...XRAY, ...XRAY_SAMPLING]));
    }
  });


  it('fixes no physical name a rolled-back first deploy would leave behind (log groups, the link key secret)', () => {
    for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) expect(group.Properties?.LogGroupName, id).toBeUndefined();
    for (const [id, secret] of Object.entries(template.findResources('AWS::SecretsManager::Secret'))) expect(secret.Properties?.Name, id).toBeUndefined();
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement explained', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it.skipIf(!cfnLintFound)(
    cfnLintFound
      ? `passes ${cfnLintFound} with no errors in ${LINT_REGIONS.join(', ')}`
      : 'passes cfn-lint with no errors (skipped: cfn-lint is not on PATH; `pip install cfn-lint` to run it)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'steward-cfn-lint-'));
      try {
        const files = app.synth().stacksRecursively.map((artifact) => {
          const file = join(dir, `${artifact.stackName}.template.json`);
          writeFileSync(file, JSON.stringify(artifact.template, null, 1));
          return file;
        });
        const findings = cfnLint(files, { regions: LINT_REGIONS });
        const count = (level: string) => findings.filter((f) => f.Level === level).length;
        const rules = [...new Set(findings.filter((f) => f.Level === 'Warning').map((f) => f.Rule.Id))].map((id) => `${id} ×${findings.filter((f) => f.Rule.Id === id).length}`);
        process.stdout.write(
          `${cfnLintFound} ran on ${files.length} template(s) in ${LINT_REGIONS.join(', ')}: ${count('Error')} errors, ${count('Warning')} warnings${rules.length ? ` (${rules.join(', ')})` : ''}, ${count('Informational')} informational\n`,
        );
        // W3005 (a DependsOn on the role beside its GetAtt) is CDK's own doing for every Lambda and state machine: harmless, and left.
        expect(findings.filter((f) => f.Level === 'Error').map(describeFinding)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('builds the registry table from the shared declaration: on demand, PITR, customer-managed key, deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: registryTable.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: registryTable.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: registryTable.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: registryTable.timeToLiveAttribute, Enabled: true },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('runs every catalogued Lambda on the newest Node runtime, traced, with its own log group', () => {
    for (const id of functionIds) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: functionName(id, 'steward-test'),
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    }
  });

  it('grants no Lambda of ours a managed policy, a Scan or a wildcard action', () => {
    // CDK's bucket-deployment function (it copies the console into its bucket at deploy time) is CDK's own,
    // with the grants CDK gives it; its acknowledgements are in infra/constructs/console-hosting.ts.
    const ours = ([logicalId]: [string, unknown]) => !logicalId.startsWith('CustomCDKBucketDeployment');
    const roles = Object.entries(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } } })).filter(ours);
    expect(roles.length).toBeGreaterThan(functionIds.length - 1);
    for (const [, role] of roles) expect((role as any).Properties.ManagedPolicyArns).toBeUndefined();
    const actions = Object.entries(template.findResources('AWS::IAM::Policy')).filter(ours).flatMap(([, p]) => statementsOf(p).flatMap(actionsOf));
    expect(actions.filter((a) => a === 'dynamodb:Scan' || a.endsWith('*') && !a.startsWith('xray:') && !a.startsWith('logs:'))).toEqual([]);
  });

  it('gives the health Lambda no access to the registry at all', () => {
    const healthRole = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([logicalId]) => logicalId.startsWith('healthFunction'));
    const actions = healthRole.flatMap(([, p]) => statementsOf(p).flatMap(actionsOf));
    expect(actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toBe(false);
  });

  it.each(workflowIds)('builds the %s state machine from workflows/ with logging and tracing, and only its declared actions', (id) => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: stateMachineName(id, 'steward-test') } });
    const [machine] = Object.values(machines);
    expect(machine).toBeDefined();
    expect(machine!.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine!.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(JSON.parse(machine!.Properties.DefinitionString)).toEqual(JSON.parse(readDefinition(id)));
    expect(Object.keys(machine!.Properties.DefinitionSubstitutions).sort()).toEqual(
      [...Object.keys(workflows[id].functions), ...Object.keys((workflows[id] as WorkflowDeclaration).children ?? {}), ...('registryTablePlaceholder' in workflows[id] ? [workflows[id].registryTablePlaceholder] : [])].sort(),
    );
    const [logicalId] = Object.keys(machines);
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([policyId]) => policyId.startsWith(logicalId!.replace(/StateMachine.*/, '')));
    const granted = policies.flatMap(([, p]) => statementsOf(p).flatMap(actionsOf)).filter((a) => /^(dynamodb|states|lambda):/.test(a));
    // A parent of child executions also starts, follows and stops them (startExecution.sync:2).
    const childActions = (workflows[id] as WorkflowDeclaration).children ? ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'] : [];
    expect(new Set(granted)).toEqual(new Set([...workflows[id].serviceActions, 'lambda:InvokeFunction', ...childActions]));
  });

  it('keeps the approval link key in Secrets Manager, rotated every 90 days by its own Lambda', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^linkKeyRotationFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(90 days)' },
    });
  });

  it('gives each approval function exactly the workflow, email and key rights it declares', () => {
    const grantsOf = (fn: string) =>
      Object.entries(template.findResources('AWS::IAM::Policy'))
        .filter(([logicalId]) => logicalId.startsWith(`${fn}Function`))
        .flatMap(([, p]) => statementsOf(p))
        .filter((st) => actionsOf(st).some((a) => /^(states|ses|secretsmanager):/.test(a)));
    const actions = (fn: string) => new Set(grantsOf(fn).flatMap(actionsOf));
    expect(actions('approvalsApi')).toEqual(new Set(['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure', 'ses:SendEmail']));
    expect(actions('approvalLink')).toEqual(new Set(['states:SendTaskSuccess', 'states:SendTaskFailure', 'ses:SendEmail', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']));
    expect(actions('approvalSteps')).toEqual(new Set(['states:SendTaskSuccess', 'ses:SendEmail', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']));
    for (const statement of grantsOf('approvalLink')) {
      const resource = JSON.stringify(statement.Resource);
      if (actionsOf(statement).some((a) => a.startsWith('states:'))) expect(resource).toContain(':stateMachine:steward-test-approval');
      if (actionsOf(statement).includes('ses:SendEmail')) {
        expect(resource).toContain(':identity/example.com');
        expect((statement as any).Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'steward@example.com' } });
      }
      if (actionsOf(statement).some((a) => a.startsWith('secretsmanager:'))) expect(statement.Resource).toEqual({ Ref: expect.stringMatching(/^ApprovalLinkKey/) });
    }
  });

  it('routes the HR system\'s departure events to their function, and lets Secrets Manager call the login rotation', () => {
    for (const rule of eventRules) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: [...rule.source], 'detail-type': [...rule.detailType] },
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${rule.function}Function`), 'Arn'] } })],
      });
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'secretsmanager.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^credentialRotationFunction'), 'Arn'] },
    });
  });

  it('keeps the audit evidence locked (COMPLIANCE, 7 years), signs with a P-256 key only the sealer may use, and feeds the sealer from the stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: auditEvidence.retentionDays } } },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const sealerRole = { 'Fn::GetAtt': [Match.stringLikeRegexp('^auditSealerFunction.*Role'), 'Arn'] };
    template.hasResourceProperties('AWS::KMS::Key', {
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'kms:Sign', Principal: { AWS: '*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': sealerRole } } })]) },
    });
    for (const mapping of streamMappings) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Registry'), 'StreamArn'] },
        FunctionName: { Ref: Match.stringLikeRegexp(`^${mapping.function}Function`) },
        BatchSize: mapping.batchSize,
        MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowSeconds,
        MaximumRetryAttempts: mapping.maximumRetryAttempts,
        StartingPosition: mapping.startingPosition,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(mapping.filter) }] },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(`^${mapping.function}Function`) } }] });
    }
  });

  it('serves every declared route on the HTTP API, with access logs', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(routes.map(routeKey).sort());
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });

  it('creates one Scheduler schedule per declaration, with the same expression, time zone and input', () => {
    for (const schedule of schedules) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: schedule.timezone,
        Target: Match.objectLike({ Input: JSON.stringify(schedule.input) }),
      });
    }
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(schedules.length);
    // The daily review run is named after its scheduled time, which Scheduler fills in: a second delivery starts nothing new.
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^reviewScheduleFunction'), 'Arn'] }, Input: Match.stringLikeRegexp('<aws.scheduler.scheduled-time>') }),
    });
  });

  it('lets the review functions start login rotations of account secrets only, with the rotation function only', () => {
    // reviewsApi too: a recertification answered in the console revokes and rotates as its link page does.
    for (const fn of ['reviewSteps', 'reviewLink', 'custodyLink', 'reviewsApi']) {
      const statements = Object.entries(template.findResources('AWS::IAM::Policy'))
        .filter(([logicalId]) => logicalId.startsWith(`${fn}Function`))
        .flatMap(([, p]) => statementsOf(p));
      const rotate = statements.filter((st) => actionsOf(st).includes('secretsmanager:RotateSecret'));
      expect(rotate, fn).toHaveLength(1);
      expect(JSON.stringify(rotate[0]!.Resource)).toContain(':secret:steward/test/accounts/*');
      const invoke = statements.filter((st) => actionsOf(st).includes('lambda:InvokeFunction'));
      expect(invoke.map((st) => JSON.stringify(st.Resource)), fn).toEqual([expect.stringContaining(':function:steward-test-credential-rotation')]);
    }
    const reviewsApi = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([logicalId]) => logicalId.startsWith('reviewsApiFunction'))
      .flatMap(([, p]) => statementsOf(p))
      .flatMap(actionsOf)
      .filter((a) => /^(states|ses):/.test(a));
    expect(new Set(reviewsApi)).toEqual(new Set(['states:StartExecution', 'states:DescribeExecution']));
    const describe = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([logicalId]) => logicalId.startsWith('reviewsApiFunction'))
      .flatMap(([, p]) => statementsOf(p))
      .find((st) => actionsOf(st).includes('states:DescribeExecution'));
    expect(JSON.stringify(describe!.Resource)).toContain(':execution:steward-test-reviews:*');
  });
  it('gives the company look to the functions that email or show link pages, and refuses an unknown time zone at synth', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }[];
    const zones = functions.map((fn) => fn.Properties.Environment?.Variables?.TIME_ZONE).filter((zone) => zone !== undefined);
    expect(zones.length).toBeGreaterThan(0);
    expect(new Set(zones)).toEqual(new Set(['UTC']));
    expect(() => buildApp(new App({ context: { timeZone: 'Mars/Olympus' } }))).toThrow(/not an IANA time zone/);
  });

  it("deploys React's production build of the console, whatever NODE_ENV the build ran under (vitest's is test)", async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const { folder } = await ensureConsoleBuild();
    const shell = readdirSync(join(folder, 'assets')).filter((file) => file.startsWith('index-') && file.endsWith('.js'));
    const code = shell.map((file) => readFileSync(join(folder, 'assets', file), 'utf8')).join('');
    // Only React's production build throws minified errors; its development build carries its warnings instead.
    expect(code).toContain('Minified React error');
    expect(code).not.toContain('Each child in a list should have a unique');
    // And JSX compiled for it: the development transform calls jsxDEV, which the production React lacks.
    expect(code).not.toContain('jsxDEV');
  });

  it('hosts the console in a private bucket behind CloudFront, with the API and the link pages on the same origin', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as any[];
    const config = distribution.Properties.DistributionConfig;
    expect(config.ViewerCertificate?.MinimumProtocolVersion ?? 'TLSv1.2_2021').toBe('TLSv1.2_2021');
    expect(config.Logging).toBeDefined();
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern).sort()).toEqual([`${CONSOLE_API_PREFIX}/*`, ...LINK_PAGE_PREFIXES.map((p) => `${p}*`)].sort());
    for (const behavior of config.CacheBehaviors) expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    const [headers] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as any[];
    const security = headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toBe(contentSecurityPolicy({ authority: 'https://login.example.com/' }));
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    // The link pages' own CSP and referrer policy (same-origin, for their CSRF check) must reach the browser.
    expect([security.ContentSecurityPolicy.Override, security.ReferrerPolicy.Override]).toEqual([false, false]);
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(HSTS_MAX_AGE_SECONDS);
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }, LoggingConfiguration: Match.anyValue() });
    // Email links open on the console's origin.
    const approvals = Object.values(template.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Environment?.Variables?.PUBLIC_URL) as any;
    expect(JSON.stringify(approvals.Properties.Environment.Variables.PUBLIC_URL)).toMatch(/"https:\/\/",{"Fn::GetAtt":["ConsoleDistribution[0-9A-F]+","DomainName"]/);
  });
});
