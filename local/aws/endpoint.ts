import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.ts';
import { AwsServiceError } from './errors.ts';
import type { SecretsManagerService } from './secrets-manager/api.ts';
import type { EventBridgeService } from './events/service.ts';
import type { SesService } from './ses/service.ts';
import type { StepFunctionsService } from './step-functions/api.ts';
import type { LambdaService } from './lambda/service.ts';
import type { LocalIam } from './iam.ts';
import { eventBridgeAuthorizations, secretsManagerAuthorizations, sesAuthorizations, stepFunctionsAuthorizations, type ResourceResolvers } from './authorization.ts';

/**
 * One loopback port that speaks the wire protocols of the services Steward calls, chosen per request the way
 * AWS's own front ends do: JSON 1.1 (`X-Amz-Target: secretsmanager.*`), JSON 1.0
 * (`X-Amz-Target: AWSStepFunctions.*`), JSON 1.1 (`AWSEvents.*`, EventBridge) and REST-JSON (`/v2/email/*` for SES v2). Errors carry AWS's error
 * code in `__type` and `x-amzn-ErrorType`, which is what the SDK maps to its exception classes.
 * Every call signed with a function's or a state machine's key is checked against that role's statements
 * first (local/aws/iam.ts), and refused with AWS's AccessDeniedException as AWS refuses it.
 * Paths under `/_steward/` are the local cloud's own controls (not an AWS API).
 */
export interface EndpointServices {
  secretsManager: SecretsManagerService;
  stepFunctions: StepFunctionsService;
  ses: SesService;
  events: EventBridgeService;
  lambda: LambdaService;
  iam: LocalIam;
  /** The SES identity an address sends under. */
  mailIdentityOf(address: string): string;
  control(path: string, body: unknown): Promise<unknown>;
}

const jsonTargets: Record<string, { contentType: string; service: 'secretsManager' | 'stepFunctions' | 'events' }> = {
  secretsmanager: { contentType: 'application/x-amz-json-1.1', service: 'secretsManager' },
  AWSStepFunctions: { contentType: 'application/x-amz-json-1.0', service: 'stepFunctions' },
  AWSEvents: { contentType: 'application/x-amz-json-1.1', service: 'events' },
};

function send(response: ServerResponse, status: number, contentType: string, body: unknown, errorCode?: string) {
  response.writeHead(status, {
    'content-type': contentType,
    'x-amzn-requestid': randomUUID(),
    ...(errorCode ? { 'x-amzn-errortype': errorCode } : {}),
  });
  response.end(JSON.stringify(body ?? {}));
}

function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new AwsServiceError('SerializationException', 'Request body is not valid JSON.');
  }
}

export function awsEndpointHandler(services: EndpointServices) {
  const { iam } = services;
  const resolvers: ResourceResolvers = {
    secretArn: (id) => services.secretsManager.arnOf(id),
    stateMachineOfToken: (token) => services.stepFunctions.stateMachineOfToken(token),
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const path = (request.url ?? '/').split('?')[0]!;
    const target = request.headers['x-amz-target'];
    const principal = iam.principalOf(request.headers);
    let contentType = 'application/json';
    try {
      if (typeof target === 'string') {
        const [prefix, operation] = target.split('.');
        const route = jsonTargets[prefix!];
        if (!route || !operation) throw new AwsServiceError('UnknownOperationException', `Unknown target ${target}`);
        contentType = route.contentType;
        const body = parseJson(raw);
        const asked =
          route.service === 'secretsManager'
            ? secretsManagerAuthorizations(iam, resolvers, operation, body)
            : route.service === 'stepFunctions'
              ? stepFunctionsAuthorizations(resolvers, operation, body)
              : eventBridgeAuthorizations(iam, operation, body);
        for (const authorization of asked) iam.authorize(principal, authorization);
        const result = await services[route.service].handle(operation, body);
        return send(response, 200, contentType, result);
      }
      if (path.startsWith('/v2/email/')) {
        const body = parseJson(raw);
        for (const authorization of sesAuthorizations(iam, services.mailIdentityOf, request.method ?? 'GET', path, body)) iam.authorize(principal, authorization, 403);
        return send(response, 200, contentType, await services.ses.handle(request.method ?? 'GET', path, body));
      }
      const invoked = services.lambda.functionOf(path);
      if (invoked) {
        const resource = invoked.name.startsWith('arn:') ? invoked.name : iam.arn('lambda', `function:${invoked.name}`);
        iam.authorize(principal, { action: 'lambda:InvokeFunction', resource }, 403);
        const answer = await services.lambda.invoke(path, request.headers['x-amz-invocation-type'] as string | undefined, raw);
        response.writeHead(answer.status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...answer.headers });
        response.end(answer.body);
        return;
      }
      if (path.startsWith('/_steward/')) {
        return send(response, 200, contentType, await services.control(path, parseJson(raw)));
      }
      throw new AwsServiceError('UnknownOperationException', `No local service answers ${request.method} ${path}`, 404);
    } catch (error) {
      if (error instanceof AwsServiceError) {
        return send(response, error.statusCode, contentType, { __type: error.code, message: error.message }, error.code);
      }
      throw error;
    }
  };
}
