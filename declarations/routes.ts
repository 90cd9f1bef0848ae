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

const jwt = (method: HttpMethod, path: string, fn: FunctionId): RouteDeclaration => ({ method, path, function: fn, auth: 'jwt' });

export const routes: readonly RouteDeclaration[] = [
  { method: 'GET', path: '/health', function: 'health', auth: 'none' },
  jwt('GET', '/me', 'meApi'),
  jwt('GET', '/people', 'peopleApi'),
  jwt('POST', '/people', 'peopleApi'),
  jwt('POST', '/people/import', 'peopleApi'),
  jwt('GET', '/people/{personId}', 'peopleApi'),
  jwt('PATCH', '/people/{personId}', 'peopleApi'),
  jwt('GET', '/people/{personId}/accounts', 'peopleApi'),
  jwt('GET', '/people/{personId}/grants', 'peopleApi'),
  jwt('GET', '/accounts', 'accountsApi'),
  jwt('POST', '/accounts', 'accountsApi'),
  jwt('GET', '/accounts/{accountId}', 'accountsApi'),
  jwt('PATCH', '/accounts/{accountId}', 'accountsApi'),
  jwt('POST', '/accounts/{accountId}/retire', 'accountsApi'),
  jwt('GET', '/accounts/{accountId}/grants', 'grantsApi'),
  jwt('POST', '/accounts/{accountId}/grants', 'grantsApi'),
  jwt('POST', '/accounts/{accountId}/grants/{grantId}/revoke', 'grantsApi'),
  jwt('PUT', '/accounts/{accountId}/credential', 'credentialsApi'),
  jwt('POST', '/accounts/{accountId}/credential/reveal', 'credentialsApi'),
  jwt('GET', '/policies', 'policiesApi'),
  jwt('POST', '/policies', 'policiesApi'),
  jwt('GET', '/policies/{policyId}', 'policiesApi'),
  jwt('PATCH', '/policies/{policyId}', 'policiesApi'),
  jwt('GET', '/audit', 'auditApi'),
  jwt('GET', '/audit/verify', 'auditApi'),
  jwt('POST', '/access-requests', 'approvalsApi'),
  jwt('POST', '/account-requests', 'approvalsApi'),
  jwt('POST', '/successor-requests', 'approvalsApi'),
  jwt('GET', '/approvals', 'approvalsApi'),
  jwt('GET', '/approvals/{approvalId}', 'approvalsApi'),
  jwt('POST', '/approvals/{approvalId}/withdraw', 'approvalsApi'),
  jwt('POST', '/approvals/{approvalId}/decisions', 'approvalsApi'),
  jwt('POST', '/departures', 'departuresApi'),
  jwt('GET', '/departures', 'departuresApi'),
  jwt('GET', '/departures/{caseId}', 'departuresApi'),
  jwt('POST', '/departures/{caseId}/controls/confirm', 'departuresApi'),
  jwt('GET', '/reviews', 'reviewsApi'),
  jwt('GET', '/reviews/{reviewId}', 'reviewsApi'),
  jwt('POST', '/reviews/{reviewId}/answers', 'reviewsApi'),
  jwt('POST', '/reviews/{reviewId}/comments', 'reviewsApi'),
  jwt('POST', '/review-runs', 'reviewsApi'),
  jwt('GET', '/review-runs/{runId}', 'reviewsApi'),
  jwt('GET', '/findings', 'reviewsApi'),
  jwt('GET', '/kpis', 'reviewsApi'),
  jwt('GET', '/kpis/history', 'reviewsApi'),
  // Reached from email links: the signed token in the path is the authorization (core/approvals/links.ts).
  { method: 'GET', path: '/decide/{token}', function: 'approvalLink', auth: 'none' },
  { method: 'HEAD', path: '/decide/{token}', function: 'approvalLink', auth: 'none' },
  { method: 'POST', path: '/decide/{token}', function: 'approvalLink', auth: 'none' },
  { method: 'GET', path: '/handover/{token}', function: 'custodyLink', auth: 'none' },
  { method: 'HEAD', path: '/handover/{token}', function: 'custodyLink', auth: 'none' },
  { method: 'POST', path: '/handover/{token}', function: 'custodyLink', auth: 'none' },
  { method: 'GET', path: '/review/{token}', function: 'reviewLink', auth: 'none' },
  { method: 'HEAD', path: '/review/{token}', function: 'reviewLink', auth: 'none' },
  { method: 'POST', path: '/review/{token}', function: 'reviewLink', auth: 'none' },
];

/** The `routeKey` API Gateway puts into payload 2.0 events, e.g. `GET /accounts/{accountId}`. */
export const routeKey = (route: RouteDeclaration): string => `${route.method} ${route.path}`;
