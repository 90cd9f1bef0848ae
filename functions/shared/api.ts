import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import middy from '@middy/core';
import { principalFromClaims, type Principal } from '../../core/auth.ts';
import { resolveCaller } from '../../core/registry/callers.ts';
import type { RegistryContext } from '../../core/registry/ports.ts';
import { PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors.ts';
import { httpErrors, json, type HttpResult } from './http.ts';

/** What an API operation gets: the caller, as the token and the registry agree, and the request, already decoded. */
export interface ApiRequest {
  principal: Principal;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** From `If-Match`: the version the caller read, for optimistic concurrency. */
  expectedVersion?: number;
  requestId: string;
  page: { limit: number; next?: string };
}

export interface ApiResult {
  status?: number;
  body: unknown;
}

export type Operation = (request: ApiRequest) => Promise<ApiResult>;

export const MAX_BODY_BYTES = 64 * 1024;

function decodeBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(`the body is ${raw.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  const type = event.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json(;|$)/i.test(type)) throw new UnsupportedMediaTypeError('send the body as application/json');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ValidationError('If-Match must be the version you read, e.g. "3"');
  return Number(match[1]);
}

function pageOf(query: Record<string, string>) {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError('limit must be an integer from 1 to 100');
  if (query.next !== undefined && !/^[A-Za-z0-9_-]{1,2048}$/.test(query.next)) throw new ValidationError('invalid page token');
  return { limit, next: query.next };
}

/**
 * An HTTP API Lambda serving several routes: the route key picks the operation. Identity comes only from the
 * JWT authorizer's claims, confirmed by the registry (a departed or unknown person is refused); a request
 * without them is refused before any operation runs.
 */
export function apiHandler(ctx: Pick<RegistryContext, 'store' | 'now'>, operations: Record<string, Operation>) {
  return middy<APIGatewayProxyEventV2WithJWTAuthorizer, HttpResult>(async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<HttpResult> => {
    const claimed = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
    if (!claimed) throw new UnauthorizedError('sign in first: no valid identity came with the request');
    const operation = operations[event.routeKey];
    if (!operation) return json(404, { error: 'NotFound', message: `no operation for ${event.routeKey}` });
    const principal = await resolveCaller(ctx.store, claimed, ctx.now());
    const query = (event.queryStringParameters ?? {}) as Record<string, string>;
    const result = await operation({
      principal,
      params: (event.pathParameters ?? {}) as Record<string, string>,
      query,
      body: decodeBody(event),
      expectedVersion: expectedVersion(event.headers['if-match']),
      requestId: event.requestContext.requestId,
      page: pageOf(query),
    });
    const response = json(result.status ?? 200, result.body);
    const version = (result.body as { version?: unknown } | null)?.version;
    if (typeof version === 'number') response.headers = { ...response.headers, etag: `"${version}"` };
    return response;
  }).use(httpErrors() as never);
}
