import './polyfills.ts';
import type { Look } from '../core/messaging/look.ts';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { auditEvidence } from '../declarations/audit.ts';
import { streamMappings } from '../declarations/streams.ts';
import { StreamMappingPoller } from './aws/lambda/stream-mapping.ts';
import { MailDev } from 'maildev';
import { stateMachineArn, type Deployment } from '../declarations/access.ts';
import { functionName } from '../declarations/functions.ts';
import { registryTable } from '../declarations/table.ts';
import { routes } from '../declarations/routes.ts';
import { eventRules } from '../declarations/events.ts';
import { SCHEDULED_TIME, schedules, type ScheduleDeclaration } from '../declarations/schedules.ts';
import { stateMachineName, renderDefinition, workflowIds, workflows, type WorkflowDeclaration } from '../workflows/index.ts';
import { awsEndpointHandler } from './aws/endpoint.ts';
import { AwsServiceError } from './aws/errors.ts';
import { EventBridgeService } from './aws/events/service.ts';
import { SecretsManagerService } from './aws/secrets-manager/api.ts';
import { KmsService } from './aws/kms/service.ts';
import { S3Service } from './aws/s3/service.ts';
import type { SesAccountOptions } from './aws/ses/account.ts';
import { SesService } from './aws/ses/service.ts';
import { TaskIntegrations } from './aws/step-functions/integrations.ts';
import { StepFunctionsService } from './aws/step-functions/api.ts';
import { startCloudDynamoDb, type DynamoDbLocal } from './dynamodb-local.ts';
import { ensureTables } from './dynamodb-tables.ts';
import type { LocalCloudPorts } from './ports.ts';
import { writeFileAtomic } from './files.ts';
import { readyFileIn, type ReadyFile } from './data-dir.ts';
import { asHttpApiClaims, DevIssuer } from './dev-issuer.ts';
import { CONSOLE_API_PREFIX } from '../declarations/console.ts';
import { ensureConsoleBuild } from '../scripts/console-build.ts';
import { consoleServer } from './console-server.ts';
import { CONSOLE_CLIENT_ID, DevOidcProvider } from './oidc-provider.ts';
import { createGateway } from './gateway.ts';
import { closeServer, listen } from './http.ts';
import { LocalLambdaRuntime, type InjectedFault } from './lambda/runtime.ts';
import { ensureBundles } from './lambda/bundles.ts';
import { localFunctionEnvironment } from './lambda/environment.ts';
import { LambdaService } from './aws/lambda/service.ts';
import { LocalIam } from './aws/iam.ts';
import { dynamoDbProxy } from './dynamodb-proxy.ts';
import { SimulatedPlatform } from './platform.ts';
import { LocalScheduler } from './scheduler.ts';

export interface LocalCloudOptions {
  dataDir: string;
  ports: LocalCloudPorts;
  log?: (line: string) => void;
  /** The SES account's sandbox, limits and verified identities (a production account's limits by default). */
  ses?: SesAccountOptions;
  /**
   * EventBridge and Scheduler deliver at least once: with this, every event and every schedule firing is
   * delivered twice, at the same moment (the hardest duplicate), so each target shows it is idempotent.
   */
  deliverTwice?: boolean;
  /**
   * The cloud's DynamoDB Local (`startCloudDynamoDb`), if the caller started it before loading this module:
   * its JVM then starts while the modules load. Stopped with the cloud, or if the start fails.
   */
  dynamoDb?: Promise<DynamoDbLocal>;
}

/** The local cloud's URLs, in `.steward/local.json` once everything answers (with its process: `ReadyFile`). */
export interface LocalCloudUrls {
  apiUrl: string;
  inboxUrl: string;
  awsEndpoint: string;
  dynamodbEndpoint: string;
  smtp: string;
  region: string;
  registryTable: string;
  platformUrl: string;
  /** The console (sign in there); the API is also under its /api. */
  consoleUrl: string;
  /** The development identity provider's issuer URL (OpenID Connect discovery below it). */
  oidcIssuer: string;
}

export interface LocalCloud {
  readonly urls: LocalCloudUrls;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';
export const LOCAL_REGISTRY_TABLE = 'steward-registry';
export const LOCAL_SECRET_PREFIX = 'steward/local/accounts/';
export const LOCAL_LINK_KEY_SECRET = 'steward/local/approval-link-key';
export const LOCAL_MAIL_FROM = 'Steward <steward@steward.local>';
/** The local cloud's company, on the console, its emails and its link pages. */
export const LOCAL_LOOK: Look = { companyName: 'Example Corp', timeZone: 'UTC' };
/** The SES identity the local sender is verified under (its domain). */
const LOCAL_MAIL_IDENTITY = 'steward.local';
/** The operator's credentials (CLI, tests, the cloud's own set-up): any key that is not a role's. */
const OPERATOR_KEY = 'stewardlocal';

/**
 * Starts the local cloud: DynamoDB Local, the AWS endpoint (Secrets Manager, Step Functions, SES v2), the
 * HTTP gateway, the scheduler and the MailDev inbox. The handlers run in this process and reach the services
 * only through SDK clients configured by the standard AWS_ENDPOINT_URL* variables set here.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? (() => undefined);
  const { ports, dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const readyFile = readyFileIn(dataDir);
  // A crash leaves the previous run's file behind; it must not announce a cloud that is not up yet.
  rmSync(readyFile, { force: true });
  const stack: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step();
  };
  const dynamoStarting = options.dynamoDb ?? startCloudDynamoDb(dataDir);
  // Its failure is thrown where it is awaited, below; until then it must not count as unhandled.
  dynamoStarting.catch(() => undefined);
  stack.push(async () => (await dynamoStarting.catch(() => undefined))?.stop());
  try {
    // Probe every loopback port before serving anything, so a clash is one clear message, not a half start.
    for (const [what, port] of [['API gateway', ports.api], ['AWS endpoint', ports.aws], ['DynamoDB', ports.dynamodb], ['SMTP inbox', ports.smtp], ['inbox web UI', ports.inbox], ['simulated platform', ports.platform], ['console', ports.console]] as const) {
      await closeServer(await listen(what, HOST, port, async () => undefined));
    }
    const [bundles, consoleBuild] = await Promise.all([ensureBundles(), ensureConsoleBuild()]);
    log(`function bundles ${bundles.cached ? 'unchanged, reused' : `built in ${bundles.milliseconds} ms`}`);
    log(`console ${consoleBuild.cached ? 'unchanged, reused' : `built in ${consoleBuild.milliseconds} ms`}`);
    const awsEndpoint = `http://${HOST}:${ports.aws}`;
    const dynamodbEndpoint = `http://${HOST}:${ports.dynamodb}`;
    // This process's own clients (set-up, and state machines' tasks in shape tests) use the operator's key.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: OPERATOR_KEY,
      AWS_SECRET_ACCESS_KEY: OPERATOR_KEY,
      AWS_ENDPOINT_URL: awsEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    });
    const mail = new MailDev({ smtp: ports.smtp, ip: HOST, web: ports.inbox, webIp: HOST, mailDirectory: join(dataDir, 'mail'), silent: true });
    await mail.start();
    stack.push(() => mail.stop());

    // Secrets Manager invokes rotation functions as the service (their resource policies allow it).
    let lambda: LocalLambdaRuntime | undefined;
    const secretsManager = new SecretsManagerService(dataDir, REGION, ACCOUNT_ID, async (lambdaArn, event) => {
      const fn = lambda?.resolve(lambdaArn);
      if (!fn || !lambda) throw new Error(`no function ${lambdaArn}`);
      const result = await lambda.invoke(fn, event);
      if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
    });
    const kms = new KmsService(dataDir, REGION, ACCOUNT_ID);
    const s3 = new S3Service(dataDir);
    // The evidence store and signing key the stack makes on AWS: a locked bucket, a P-256 key.
    const evidence = auditEvidence.local;
    s3.ensureBucket({ name: evidence.bucketName, objectLock: { mode: auditEvidence.lockMode, days: auditEvidence.retentionDays } });
    const signingKeyArn = kms.ensureKey(evidence.keyAlias, 'Signs the audit log checkpoints');
    const linkKeySecretArn = await ensureLinkKey(secretsManager, `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName('linkKeyRotation')}`);
    const deployment: Deployment = {
      partition: 'aws',
      region: REGION,
      account: ACCOUNT_ID,
      prefix: 'steward',
      registry: { tableName: LOCAL_REGISTRY_TABLE, tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${LOCAL_REGISTRY_TABLE}`, keyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/local-registry-key` },
      secretPrefix: LOCAL_SECRET_PREFIX,
      linkKeySecretArn,
      mail: { from: LOCAL_MAIL_FROM, identity: LOCAL_MAIL_IDENTITY },
      publicUrl: `http://${HOST}:${ports.api}`,
      look: LOCAL_LOOK,
      platformUrl: `http://${HOST}:${ports.platform}`,
      audit: { bucketName: evidence.bucketName, bucketArn: `arn:aws:s3:::${evidence.bucketName}`, signingKeyArn, origin: evidence.origin },
    };
    const iam = new LocalIam(deployment);
    const runtime = new LocalLambdaRuntime({
      region: REGION,
      accountId: ACCOUNT_ID,
      bundles: bundles.paths,
      environmentOf: (id) => localFunctionEnvironment(deployment, id, iam.functions[id], { aws: awsEndpoint, dynamodb: dynamodbEndpoint }),
    });
    lambda = runtime;
    stack.push(() => runtime.stop());
    // Steward's own sender is a verified identity, as the stack's mailIdentity is on AWS.
    const ses = new SesService({ host: HOST, port: ports.smtp }, { ...options.ses, region: REGION, verifiedIdentities: [LOCAL_MAIL_FROM, ...(options.ses?.verifiedIdentities ?? [])] });
    stack.push(() => ses.close());
    const roles = new Map(workflowIds.map((id) => [stateMachineArn(deployment, id), iam.workflows[id]]));
    const integrations = new TaskIntegrations(runtime, (arn) => roles.get(arn));
    const stepFunctions = new StepFunctionsService({ dataDir, region: REGION, accountId: ACCOUNT_ID, integrations });
    integrations.children = stepFunctions;
    for (const id of workflowIds) {
      const declaration: WorkflowDeclaration = workflows[id];
      const substitutions: Record<string, string> = Object.fromEntries(
        Object.entries(declaration.functions).map(([placeholder, fn]) => [placeholder, runtime.arnOf(fn)]),
      );
      if (declaration.registryTablePlaceholder) substitutions[declaration.registryTablePlaceholder] = LOCAL_REGISTRY_TABLE;
      for (const [placeholder, child] of Object.entries(declaration.children ?? {})) substitutions[placeholder] = stateMachineArn(deployment, child);
      const name = stateMachineName(id);
      stepFunctions.register({ name, definition: renderDefinition(id, substitutions), roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}` });
    }
    stack.push(() => stepFunctions.suspendAll());

    const pollers: StreamMappingPoller[] = [];
    const copies = options.deliverTwice ? 2 : 1;
    const twice = <T>(deliver: () => Promise<T>): Promise<T> => Promise.all(Array.from({ length: copies }, deliver)).then((results) => results[0]!);
    const fireOnce = async (schedule: ScheduleDeclaration, scheduledTime: Date) => {
      log(`schedule ${schedule.name} fired for ${scheduledTime.toISOString()}`);
      // EventBridge Scheduler fills its context attributes into the input; so does this.
      const input = JSON.stringify(schedule.input).replaceAll(SCHEDULED_TIME, scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      if ('function' in schedule.target) return runtime.invoke(schedule.target.function, JSON.parse(input));
      return stepFunctions.handle('StartExecution', { stateMachineArn: stepFunctions.stateMachineArn(stateMachineName(schedule.target.workflow)), input });
    };
    const fire = (schedule: ScheduleDeclaration, scheduledTime: Date) => twice(async () => fireOnce(schedule, scheduledTime));
    const scheduler = new LocalScheduler(schedules, fire, (schedule, error) => log(`schedule ${schedule.name} failed: ${error.name}: ${error.message}`));

    const events = new EventBridgeService({
      rules: eventRules,
      region: REGION,
      accountId: ACCOUNT_ID,
      deliver: (fn, event) =>
        twice(async () => {
          const result = await runtime.invoke(fn, event);
          if (!result.ok) log(`event to ${fn} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
        }),
    });
    const consoleUrl = `http://${HOST}:${ports.console}`;
    const issuer = await DevIssuer.load(dataDir, `${consoleUrl}/oidc`);
    const control = async (path: string, body: unknown) => {
      if (path === '/_steward/dev-token') {
        const { personId, roles, ttlSeconds } = (body ?? {}) as { personId?: unknown; roles?: unknown; ttlSeconds?: unknown };
        try {
          return await issuer.mint({ personId: String(personId ?? ''), roles: Array.isArray(roles) ? roles.map(String) : [], ttlSeconds: typeof ttlSeconds === 'number' ? ttlSeconds : undefined });
        } catch (error) {
          throw new AwsServiceError('ValidationException', (error as Error).message);
        }
      }
      const fireMatch = /^\/_steward\/schedules\/([\w.-]+)\/fire$/.exec(path);
      if (fireMatch) {
        if (!schedules.some((s) => s.name === fireMatch[1])) throw new AwsServiceError('ResourceNotFoundException', `No schedule named ${fireMatch[1]}`, 404);
        // `at` fires it as of a scheduled time: twice with the same `at` is EventBridge delivering one firing twice.
        const at = (body as { at?: unknown } | undefined)?.at;
        if (at !== undefined && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) throw new AwsServiceError('ValidationException', 'at must be an ISO date-time');
        return { schedule: fireMatch[1], result: await scheduler.fireNow(fireMatch[1]!, at === undefined ? undefined : new Date(at)) };
      }
      if (path === '/_steward/schedules') return { schedules: scheduler.nextRuns() };
      if (path === '/_steward/faults') {
        try {
          runtime.injectFault(body as InjectedFault);
        } catch (error) {
          throw new AwsServiceError('ValidationException', (error as Error).message);
        }
        return { injected: body };
      }
      throw new AwsServiceError('UnknownOperationException', `No local control at ${path}`, 404);
    };

    const authorizer = {
      claimsFor: async (header: string | undefined) => {
        const payload = await issuer.verify(header);
        return payload ? asHttpApiClaims(payload) : undefined;
      },
    };
    // Everything above runs while DynamoDB Local's JVM starts.
    const dynamo = await dynamoStarting;
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint });
    await ensureTables(dynamoClient, [{ name: LOCAL_REGISTRY_TABLE, declaration: registryTable }]);
    const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamo.endpoint });
    stack.push(() => (dynamoClient.destroy(), streamsClient.destroy()));
    for (const mapping of streamMappings) {
      // Lambda reads the stream with the function's role: a role without the stream's permissions gets no mapping.
      const streamArn = (label: string) => `${deployment.registry.tableArn}/stream/${label}`;
      for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) iam.authorize(iam.functions[mapping.function], { action, resource: streamArn('*') });
      iam.authorize(iam.functions[mapping.function], { action: 'dynamodb:ListStreams', resource: '*' });
      const poller = new StreamMappingPoller({
        mapping,
        tableName: LOCAL_REGISTRY_TABLE,
        streamArnFor: streamArn,
        region: REGION,
        dynamodb: dynamoClient,
        streams: streamsClient,
        dataDir,
        invoke: (fn, event) => twice(() => runtime.invoke(fn, event)),
        log,
      });
      pollers.push(poller);
    }
    const gateway = createGateway({ routes, lambda: runtime, authorizer });
    const servers: Server[] = [
      await listen('AWS endpoint', HOST, ports.aws, awsEndpointHandler({ secretsManager, stepFunctions, ses, events, kms, s3, lambda: new LambdaService(runtime), iam, mailIdentityOf: (address) => address.split('@')[1] ?? address, control })),
      await listen('DynamoDB', HOST, ports.dynamodb, dynamoDbProxy(iam, { host: HOST, port: Number(new URL(dynamo.endpoint).port) })),
      await listen('API gateway', HOST, ports.api, gateway),
      await listen(
        'console',
        HOST,
        ports.console,
        consoleServer({
          folder: consoleBuild.folder,
          config: { authority: issuer.url, clientId: CONSOLE_CLIENT_ID, apiBase: CONSOLE_API_PREFIX, companyName: LOCAL_LOOK.companyName },
          gateway,
          oidc: new DevOidcProvider(issuer, [`${consoleUrl}/callback`]),
        }),
      ),
      await listen('simulated platform', HOST, ports.platform, new SimulatedPlatform(dataDir).handler()),
    ];
    stack.push(async () => {
      await Promise.all(servers.map(closeServer));
    });
    // Runs before the servers close: a rotation step in flight still reaches the endpoint, and no reattempt starts after.
    stack.push(() => secretsManager.close());
    scheduler.start();
    stack.push(() => scheduler.stop());
    for (const poller of pollers) poller.start();
    stack.push(() => Promise.all(pollers.map((poller) => poller.stop())).then(() => undefined));
    stepFunctions.resumeRunning();

    const urls: LocalCloudUrls = {
      apiUrl: `http://${HOST}:${ports.api}`,
      inboxUrl: `http://${HOST}:${ports.inbox}`,
      awsEndpoint,
      dynamodbEndpoint,
      smtp: `smtp://${HOST}:${ports.smtp}`,
      region: REGION,
      registryTable: LOCAL_REGISTRY_TABLE,
      platformUrl: `http://${HOST}:${ports.platform}`,
      consoleUrl,
      oidcIssuer: issuer.url,
    };
    writeFileAtomic(readyFile, `${JSON.stringify({ ...urls, pid: process.pid } satisfies ReadyFile, null, 2)}\n`, 0o644);
    stack.push(() => rmSync(readyFile, { force: true }));
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The approval-link signing key, created once per data folder as the stack creates it on AWS: 64 random
 * characters, rotated by the linkKeyRotation function (RotateSecret rotates it on demand). Returns its ARN.
 */
async function ensureLinkKey(secretsManager: SecretsManagerService, rotationLambdaArn: string): Promise<string> {
  const existing = secretsManager.arnOf(LOCAL_LINK_KEY_SECRET);
  if (existing) return existing;
  const { RandomPassword } = secretsManager.handle('GetRandomPassword', { PasswordLength: 64, ExcludePunctuation: true }) as { RandomPassword: string };
  const { ARN } = secretsManager.handle('CreateSecret', { Name: LOCAL_LINK_KEY_SECRET, SecretString: RandomPassword, Description: 'Signs approval links' }) as { ARN: string };
  await secretsManager.handle('RotateSecret', { SecretId: LOCAL_LINK_KEY_SECRET, RotationLambdaARN: rotationLambdaArn, RotationRules: { ScheduleExpression: 'rate(90 days)' }, RotateImmediately: false });
  return ARN;
}
