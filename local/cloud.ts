import './polyfills.ts';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MailDev } from 'maildev';
import { stateMachineArnVar } from '../infra/model/functions.ts';
import { registryTable } from '../infra/model/table.ts';
import { routes } from '../infra/model/routes.ts';
import { eventRules } from '../infra/model/events.ts';
import { SCHEDULED_TIME, schedules, type ScheduleDeclaration } from '../infra/model/schedules.ts';
import { stateMachineName, renderDefinition, workflowIds, workflows, type WorkflowDeclaration } from '../workflows/index.ts';
import { awsEndpointHandler } from './aws/endpoint.ts';
import { AwsServiceError } from './aws/errors.ts';
import { EventBridgeService } from './aws/events/service.ts';
import { SecretsManagerService } from './aws/secrets-manager/service.ts';
import { SesService } from './aws/ses/service.ts';
import { TaskIntegrations } from './aws/step-functions/integrations.ts';
import { StepFunctionsService } from './aws/step-functions/service.ts';
import { ensureTables, startDynamoDbLocal } from './dynamodb-local.ts';
import { writeFileAtomic } from './files.ts';
import { asHttpApiClaims, DevIssuer } from './dev-issuer.ts';
import { createGateway } from './gateway.ts';
import { closeServer, listen } from './http.ts';
import { LocalLambdaRuntime, type InjectedFault } from './lambda-runtime.ts';
import { SimulatedPlatform } from './platform.ts';
import { LocalScheduler } from './scheduler.ts';

export interface LocalCloudPorts {
  api: number;
  aws: number;
  dynamodb: number;
  smtp: number;
  inbox: number;
  /** The simulated social platform the credential rotation changes passwords on. */
  platform: number;
}

export interface LocalCloudOptions {
  dataDir: string;
  ports: LocalCloudPorts;
  log?: (line: string) => void;
}

/** What `.steward/local.json` holds once everything answers. */
export interface LocalCloudUrls {
  apiUrl: string;
  inboxUrl: string;
  awsEndpoint: string;
  dynamodbEndpoint: string;
  smtp: string;
  region: string;
  registryTable: string;
  platformUrl: string;
}

export interface LocalCloud {
  readonly urls: LocalCloudUrls;
  stop(): Promise<void>;
}

export const defaultPorts: LocalCloudPorts = { api: 4310, aws: 4320, dynamodb: 4330, smtp: 4325, inbox: 4340, platform: 4350 };

const HOST = '127.0.0.1';
const REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';
export const LOCAL_REGISTRY_TABLE = 'steward-registry';
export const LOCAL_SECRET_PREFIX = 'steward/local/accounts/';
export const LOCAL_LINK_KEY_SECRET = 'steward/local/approval-link-key';
export const LOCAL_MAIL_FROM = 'Steward <steward@steward.local>';

/**
 * Starts the local cloud: DynamoDB Local, the AWS endpoint (Secrets Manager, Step Functions, SES v2), the
 * HTTP gateway, the scheduler and the MailDev inbox. The handlers run in this process and reach the services
 * only through SDK clients configured by the standard AWS_ENDPOINT_URL* variables set here.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? (() => undefined);
  const { ports, dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const readyFile = join(dataDir, 'local.json');
  // A crash leaves the previous run's file behind; it must not announce a cloud that is not up yet.
  rmSync(readyFile, { force: true });
  // Probe every loopback port before starting anything, so a clash is one clear message, not a half start.
  for (const [what, port] of [['API gateway', ports.api], ['AWS endpoint', ports.aws], ['SMTP inbox', ports.smtp], ['inbox web UI', ports.inbox], ['simulated platform', ports.platform]] as const) {
    await closeServer(await listen(what, HOST, port, async () => undefined));
  }

  const stack: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step();
  };
  try {
    const dynamo = await startDynamoDbLocal({ port: ports.dynamodb, dataDir: join(dataDir, 'dynamodb') });
    stack.push(() => dynamo.stop());
    const awsEndpoint = `http://${HOST}:${ports.aws}`;
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'stewardlocal',
      AWS_SECRET_ACCESS_KEY: 'stewardlocal',
      AWS_ENDPOINT_URL: awsEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      [registryTable.envVar]: LOCAL_REGISTRY_TABLE,
      SECRET_PREFIX: LOCAL_SECRET_PREFIX,
      POWERTOOLS_SERVICE_NAME: 'steward',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    });
    const dynamoClient = new DynamoDBClient({});
    await ensureTables(dynamoClient, [{ name: LOCAL_REGISTRY_TABLE, declaration: registryTable }]);
    dynamoClient.destroy();

    const mail = new MailDev({ smtp: ports.smtp, ip: HOST, web: ports.inbox, webIp: HOST, mailDirectory: join(dataDir, 'mail'), silent: true });
    await mail.start();
    stack.push(() => mail.stop());

    const lambda = new LocalLambdaRuntime(REGION, ACCOUNT_ID);
    const secretsManager = new SecretsManagerService(dataDir, REGION, ACCOUNT_ID, async (lambdaArn, event) => {
      const fn = lambda.resolve(lambdaArn);
      if (!fn) throw new Error(`no function ${lambdaArn}`);
      const result = await lambda.invoke(fn, event);
      if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
    });
    const ses = new SesService({ host: HOST, port: ports.smtp });
    stack.push(() => ses.close());
    const stepFunctions = new StepFunctionsService({ dataDir, region: REGION, accountId: ACCOUNT_ID, integrations: new TaskIntegrations(lambda) });
    for (const id of workflowIds) {
      const declaration: WorkflowDeclaration = workflows[id];
      const substitutions: Record<string, string> = Object.fromEntries(
        Object.entries(declaration.functions).map(([placeholder, fn]) => [placeholder, lambda.arnOf(fn)]),
      );
      if (declaration.registryTablePlaceholder) substitutions[declaration.registryTablePlaceholder] = LOCAL_REGISTRY_TABLE;
      const name = stateMachineName(id);
      stepFunctions.register({ name, definition: renderDefinition(id, substitutions), roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}` });
    }
    stack.push(() => stepFunctions.suspendAll());
    await ensureLinkKey(secretsManager, lambda.arnOf('linkKeyRotation'));
    Object.assign(process.env, {
      LINK_KEY_SECRET_ID: LOCAL_LINK_KEY_SECRET,
      MAIL_FROM: LOCAL_MAIL_FROM,
      PUBLIC_URL: `http://${HOST}:${ports.api}`,
      SIMULATED_PLATFORM_URL: `http://${HOST}:${ports.platform}`,
      LOGIN_ROTATION_FUNCTION_ARN: lambda.arnOf('credentialRotation'),
      ...Object.fromEntries(workflowIds.map((id) => [stateMachineArnVar(id), stepFunctions.stateMachineArn(stateMachineName(id))])),
    });

    const fire = async (schedule: ScheduleDeclaration, scheduledTime: Date) => {
      log(`schedule ${schedule.name} fired for ${scheduledTime.toISOString()}`);
      // EventBridge Scheduler fills its context attributes into the input; so does this.
      const input = JSON.stringify(schedule.input).replaceAll(SCHEDULED_TIME, scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      if ('function' in schedule.target) return lambda.invoke(schedule.target.function, JSON.parse(input));
      return stepFunctions.handle('StartExecution', { stateMachineArn: stepFunctions.stateMachineArn(stateMachineName(schedule.target.workflow)), input });
    };
    const scheduler = new LocalScheduler(schedules, fire, (schedule, error) => log(`schedule ${schedule.name} failed: ${error.name}: ${error.message}`));

    const events = new EventBridgeService({
      rules: eventRules,
      region: REGION,
      accountId: ACCOUNT_ID,
      deliver: async (fn, event) => {
        const result = await lambda.invoke(fn, event);
        if (!result.ok) log(`event to ${fn} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
      },
    });
    const issuer = await DevIssuer.load(dataDir);
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
          lambda.injectFault(body as InjectedFault);
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
    const servers: Server[] = [
      await listen('AWS endpoint', HOST, ports.aws, awsEndpointHandler({ secretsManager, stepFunctions, ses, events, control })),
      await listen('API gateway', HOST, ports.api, createGateway({ routes, lambda, authorizer })),
      await listen('simulated platform', HOST, ports.platform, new SimulatedPlatform(dataDir).handler()),
    ];
    stack.push(async () => {
      await Promise.all(servers.map(closeServer));
    });
    scheduler.start();
    stack.push(() => scheduler.stop());
    stepFunctions.resumeRunning();

    const urls: LocalCloudUrls = {
      apiUrl: `http://${HOST}:${ports.api}`,
      inboxUrl: `http://${HOST}:${ports.inbox}`,
      awsEndpoint,
      dynamodbEndpoint: dynamo.endpoint,
      smtp: `smtp://${HOST}:${ports.smtp}`,
      region: REGION,
      registryTable: LOCAL_REGISTRY_TABLE,
      platformUrl: `http://${HOST}:${ports.platform}`,
    };
    writeFileAtomic(readyFile, `${JSON.stringify(urls, null, 2)}\n`, 0o644);
    stack.push(() => rmSync(readyFile, { force: true }));
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The approval-link signing key, created once per data folder as the stack creates it on AWS: 64 random
 * characters, rotated by the linkKeyRotation function (RotateSecret rotates it on demand).
 */
async function ensureLinkKey(secretsManager: SecretsManagerService, rotationLambdaArn: string) {
  try {
    secretsManager.handle('DescribeSecret', { SecretId: LOCAL_LINK_KEY_SECRET });
  } catch (error) {
    if (!(error instanceof AwsServiceError) || error.code !== 'ResourceNotFoundException') throw error;
    const { RandomPassword } = secretsManager.handle('GetRandomPassword', { PasswordLength: 64, ExcludePunctuation: true }) as { RandomPassword: string };
    secretsManager.handle('CreateSecret', { Name: LOCAL_LINK_KEY_SECRET, SecretString: RandomPassword, Description: 'Signs approval links' });
    await secretsManager.handle('RotateSecret', { SecretId: LOCAL_LINK_KEY_SECRET, RotationLambdaARN: rotationLambdaArn, RotationRules: { ScheduleExpression: 'rate(90 days)' }, RotateImmediately: false });
  }
}
