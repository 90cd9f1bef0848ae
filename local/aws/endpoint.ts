import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.ts';
import { AwsServiceError } from './errors.ts';
import type { SecretsManagerService } from './secrets-manager/api.ts';
import type { EventBridgeService } from './events/service.ts';
import type { SesService } from './ses/service.ts';
import type { StepFunctionsService } from './step-functions/api.ts';
import type { LambdaService } from './lambda/service.ts';
import type { KmsService } from './kms/service.ts';
import type { S3Service } from './s3/service.ts';
import { s3Operation } from './s3/service.ts';
import type { LocalIam } from './iam.ts';
import { eventBridgeAuthorizations, kmsAuthorizations, s3Authorizations, secretsManagerAuthorizations, sesAuthorizations, stepFunctionsAuthorizations, type ResourceResolvers } from './authorization.ts';

/**
 * One loopback port that speaks the wire protocols of the services Steward calls, chosen per request the way
 * AWS's own front ends do: JSON 1.1 (`X-Amz-Target: secretsmanager.*`), JSON 1.0
 * (`X-Amz-Target: AWSStepFunctions.*`), JSON 1.1 (`AWSEvents.*`, EventBridge; `TrentService.*`, KMS) and REST-JSON (`/v2/email/*` for SES v2). Errors carry AWS's error
 * code in `__type` and `x-amzn-ErrorType`, which is what the SDK maps to its exception classes. S3 is told
 * apart by the service its signature is scoped to (path-style REST-XML, errors as S3's `<Error>` document).
 * Every call signed with a function's or a state machine's key is checked against that role's statements
 * first (local/aws/iam.ts), and refused with AWS's AccessDeniedException as AWS refuses it.
 * Paths under `/_steward/` are the local cloud's own controls (not an AWS API).
 */
export interface EndpointServices {
  secretsManager: SecretsManagerService;
  stepFunctions: StepFunctionsService;
  ses: SesService;
  events: EventBridgeService;
  kms: KmsService;
  s3: S3Service;
  lambda: LambdaService;
  iam: LocalIam;
  /** The SES identity an address sends under. */
  mailIdentityOf(address: string): string;
  control(path: string, body: unknown): Promise<unknown>;
}

const jsonTargets: Record<string, { contentType: string; service: 'secretsManager' | 'stepFunctions' | 'events' | 'kms' }> = {
  secretsmanager: { contentType: 'application/x-amz-json-1.1', service: 'secretsManager' },
  AWSStepFunctions: { contentType: 'application/x-amz-json-1.0', service: 'stepFunctions' },
  AWSEvents: { contentType: 'application/x-amz-json-1.1', service: 'events' },
  TrentService: { contentType: 'application/x-amz-json-1.1', service: 'kms' },
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

/** The service a SigV4 signature is scoped to (`Credential=key/date/region/service/aws4_request`). */
const signingServiceOf = (authorization: string | undefined) => (authorization ? /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] : undefined);

export function awsEndpointHandler(services: EndpointServices) {
  const { iam } = services;

  const s3 = (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const s3Request = { method: request.method ?? 'GET', bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join('/'), query: url.searchParams, headers: request.headers as Record<string, string | undefined>, body };
    const requestId = randomUUID();
    try {
      for (const authorization of s3Authorizations(s3Operation(s3Request), s3Request)) iam.authorize(iam.principalOf(request.headers), authorization, 403);
      const answer = services.s3.handle(s3Request);
      response.writeHead(answer.status, { 'x-amz-request-id': requestId, ...answer.headers });
      response.end(answer.body);
    } catch (error) {
      if (!(error instanceof AwsServiceError)) throw error;
      // S3 names a refusal AccessDenied, not IAM's AccessDeniedException.
      const code = error.code === 'AccessDeniedException' ? 'AccessDenied' : error.code;
      response.writeHead(error.statusCode, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
      response.end(request.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${error.message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message><RequestId>${requestId}</RequestId></Error>`);
    }
  };
  const resolvers: ResourceResolvers = {
    secretArn: (id) => services.secretsManager.arnOf(id),
    stateMachineOfToken: (token) => services.stepFunctions.stateMachineOfToken(token),
    kmsKeyArn: (id) => services.kms.arnOf(id),
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const path = (request.url ?? '/').split('?')[0]!;
    const target = request.headers['x-amz-target'];
    const principal = iam.principalOf(request.headers);
    let contentType = 'application/json';
    if (signingServiceOf(request.headers.authorization) === 's3') return s3(request, raw, response);
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
              : route.service === 'kms'
                ? kmsAuthorizations(resolvers, operation, body)
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
