import type { FunctionId } from './functions.ts';

/**
 * HTTP routes, declared once: the CDK HttpApi adds one route per entry and the local gateway matches requests
 * against the same list. `auth: 'jwt'` routes sit behind the JWT authorizer (AWS) or the local development
 * issuer's check; `none` is for pages reached from email links and for health checks.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/accounts/{accountId}`, `/files/{proxy+}`. */
  readonly path: string;
  readonly function: FunctionId;
  readonly auth: 'jwt' | 'none';
}

export const routes: readonly RouteDeclaration[] = [
  { method: 'GET', path: '/health', function: 'health', auth: 'none' },
];

/** The `routeKey` API Gateway puts into payload 2.0 events, e.g. `GET /accounts/{accountId}`. */
export const routeKey = (route: RouteDeclaration): string => `${route.method} ${route.path}`;
