import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routeKey, type RouteDeclaration } from '../declarations/routes.ts';
import type { LocalLambdaRuntime } from './lambda/runtime.ts';
import { AwsServiceError } from './aws/errors.ts';
import { readBody } from './http.ts';

/**
 * The local twin of the API Gateway HTTP API: matches requests against the shared route table, builds the
 * payload format 2.0 event the handler gets on AWS, and turns its result into the HTTP response by the same
 * rules (a result without `statusCode` is sent as a 200 JSON body). Unmatched requests get API Gateway's
 * `{"message":"Not Found"}`; a failing handler gets its `{"message":"Internal Server Error"}`. Path
 * parameters reach the handler percent-decoded, as on AWS; a path whose encoding is malformed is refused
 * with a 400 before any handler runs (the handlers, given such a string raw, refuse it with a 4xx too).
 */
interface CompiledRoute {
  route: RouteDeclaration;
  pattern: RegExp;
  params: string[];
  specificity: number;
}

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|[^;]*\+json)/i;

function compile(route: RouteDeclaration): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    params.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  // API Gateway prefers the most specific route: literal segments over variables, variables over greedy.
  const specificity = route.path.split('/').reduce((score, part) => score * 3 + (part.endsWith('+}') ? 0 : part.startsWith('{') ? 1 : 2), 0);
  return { route, pattern: new RegExp(`^${source}$`), params, specificity };
}

/** A path parameter, percent-decoded; undefined when the encoding is malformed (a lone %, non-hex digits, bytes that are not UTF-8). */
function decodePathParameter(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export interface GatewayAuthorizer {
  /** Claims of a valid bearer token, as the HTTP API JWT authorizer passes them, or undefined. */
  claimsFor(authorization: string | undefined): Promise<Record<string, string> | undefined>;
}

/** HTTP API's quotas: a 10 MB request payload and a 30-second integration timeout. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
export const INTEGRATION_TIMEOUT_SECONDS = 30;

export function createGateway(options: { routes: readonly RouteDeclaration[]; lambda: LocalLambdaRuntime; authorizer: GatewayAuthorizer; apiId?: string; integrationTimeoutSeconds?: number }) {
  const compiled = options.routes.map(compile).sort((a, b) => b.specificity - a.specificity);
  const apiId = options.apiId ?? 'local';

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const match = compiled
      .filter((c) => c.route.method === method)
      .map((c) => ({ c, m: c.pattern.exec(url.pathname) }))
      .find(({ m }) => m !== null);
    if (!match) return sendJson(response, 404, { message: 'Not Found' });
    const { route, params } = match.c;
    const values = params.map((_, i) => decodePathParameter(match.m![i + 1]!));
    if (values.includes(undefined)) return sendJson(response, 400, { message: 'Bad Request: the path is not valid percent-encoding (a % must start a UTF-8 byte written as two hex digits)' });
    const claims = route.auth === 'jwt' ? await options.authorizer.claimsFor(request.headers.authorization) : undefined;
    if (route.auth === 'jwt' && !claims) return sendJson(response, 401, { message: 'Unauthorized' });
    let body: Buffer;
    try {
      body = await readBody(request, MAX_REQUEST_BYTES);
    } catch {
      return sendJson(response, 413, { message: 'Request Entity Too Large' });
    }
    const contentType = String(request.headers['content-type'] ?? '');
    const isText = body.length === 0 || TEXT_TYPES.test(contentType);
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name]) => name !== 'cookie')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]),
    );
    const query = new Map<string, string[]>();
    for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: routeKey(route),
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: request.headers.cookie?.split(/;\s*/).filter(Boolean),
      headers,
      queryStringParameters: query.size ? Object.fromEntries([...query].map(([k, v]) => [k, v.join(',')])) : undefined,
      pathParameters: params.length ? Object.fromEntries(params.map((name, i) => [name, values[i]!])) : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId,
        domainName: String(request.headers.host ?? 'localhost'),
        domainPrefix: String(request.headers.host ?? 'localhost').split('.')[0]!,
        http: { method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: String(request.headers['user-agent'] ?? '') },
        requestId: randomUUID(),
        routeKey: routeKey(route),
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
      isBase64Encoded: !isText,
    };
    // The integration's answer, or nothing once the integration timeout passes (the function runs on regardless).
    const timeoutMs = (options.integrationTimeoutSeconds ?? INTEGRATION_TIMEOUT_SECONDS) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      options.lambda.invoke(route.function, event).catch((error: unknown) => error as Error),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    if (answer === 'timeout') return sendJson(response, 503, { message: 'Service Unavailable' });
    if (answer instanceof AwsServiceError && answer.code === 'RequestEntityTooLargeException') return sendJson(response, 413, { message: 'Request Entity Too Large' });
    if (answer instanceof Error) throw answer;
    const result = answer;
    if (!result.ok) return sendJson(response, 500, { message: 'Internal Server Error' });
    sendResult(response, result.payload);
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}

function sendResult(response: ServerResponse, payload: unknown) {
  const structured = payload && typeof payload === 'object' && 'statusCode' in payload;
  if (!structured) return sendJson(response, 200, payload);
  const result = payload as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
