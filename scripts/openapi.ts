import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { accountInput, accountPatch, credentialInput, grantInput, personInput, personPatch, policyInput, policyPatch, retireInput, revealInput, revokeInput } from '../core/registry/model.ts';
import { routeKey, routes } from '../declarations/routes.ts';
import { peopleImport } from '../core/registry/people.ts';
import { controlConfirmation, custodyForm, departureInput } from '../core/handover/model.ts';
import { commentInput, reviewAnswerInput, reviewForm, runInput } from '../core/reviews/model.ts';
import { accessRequestInput, accountRequestInput, approverDecisionInput, decisionInput, successorRequestInput, withdrawInput } from '../core/approvals/model.ts';

/**
 * Builds docs/openapi.json (OpenAPI 3.1) from the route table and the zod schemas the handlers validate
 * with, so the document cannot drift from the code: `npm run openapi` rewrites it, and a test fails when the
 * committed file differs from what this produces.
 */
interface OperationDoc {
  summary: string;
  roles: string;
  request?: z.ZodType;
  created?: boolean;
  ifMatch?: boolean;
  /** An HTML page reached from an email link, rather than JSON; `form` is what its POST takes. */
  page?: boolean;
  form?: z.ZodType;
  /** Query parameters it reads (name: what it does); a paged list also takes `limit` and `next`. */
  query?: Record<string, string>;
  paged?: boolean;
}

const paging = {
  limit: 'Items per page, 1-100 (default 50)',
  next: 'The `next` token of the previous page',
};

export const operations: Record<string, OperationDoc> = {
  'GET /health': { summary: 'Liveness probe', roles: 'anyone (no token)' },
  'GET /me': { summary: 'The caller, their registry record and footprint', roles: 'any role' },
  'GET /people': { summary: 'List people (filters: team, status; pages: limit, next)', roles: 'admin, hr, auditor, approver, owner', paged: true, query: { team: 'Only this team', status: 'active or departed' } },
  'POST /people': { summary: 'Add a person', roles: 'admin, hr', request: personInput, created: true },
  'POST /people/import': { summary: 'Create or update people from HR (1-1000 rows; per-row results)', roles: 'admin, hr', request: peopleImport(personInput) },
  'GET /people/{personId}': { summary: 'Show a person', roles: 'admin, hr, auditor, approver, owner; anyone for themselves' },
  'PATCH /people/{personId}': { summary: 'Change a person (null clears a field)', roles: 'admin, hr', request: personPatch, ifMatch: true },
  'GET /people/{personId}/accounts': { summary: "A person's footprint: owned, backed up, granted, logins known", roles: 'admin, hr, auditor; anyone for themselves' },
  'GET /people/{personId}/grants': { summary: "A person's grants", roles: 'admin, hr, auditor; anyone for themselves' },
  'GET /accounts': { summary: 'List accounts (filters: platform, team, status, riskTier; pages: limit, next)', roles: 'any role', paged: true, query: { platform: 'Only this platform', team: 'Only this team', status: 'requested, active, suspended or retired', riskTier: 'low, medium, high or critical' } },
  'POST /accounts': { summary: 'Register an official account', roles: 'admin', request: accountInput, created: true },
  'GET /accounts/{accountId}': { summary: 'Show an account', roles: 'any role' },
  'PATCH /accounts/{accountId}': { summary: 'Change an account (owners: descriptive fields and platform control only)', roles: 'admin; owner of the account', request: accountPatch, ifMatch: true },
  'POST /accounts/{accountId}/retire': { summary: 'Retire an account and revoke its grants', roles: 'admin', request: retireInput, ifMatch: true },
  'GET /accounts/{accountId}/grants': { summary: "An account's access list", roles: 'admin, auditor; owner of the account' },
  'POST /accounts/{accountId}/grants': { summary: 'Grant access (needs current training)', roles: 'admin; owner of the account', request: grantInput, created: true },
  'POST /accounts/{accountId}/grants/{grantId}/revoke': { summary: 'Revoke a grant', roles: 'admin; owner of the account', request: revokeInput, ifMatch: true },
  'PUT /accounts/{accountId}/credential': { summary: "Set the account's shared login (stored in Secrets Manager; the response holds no value)", roles: 'admin; owner of the account', request: credentialInput },
  'POST /accounts/{accountId}/credential/reveal': { summary: 'Reveal the shared login (the reason is audited; remembered as an exposure)', roles: 'holder of a live grant with the credential right and current training', request: revealInput },
  'GET /policies': { summary: 'List policies and guidelines', roles: 'any role', paged: true },
  'POST /policies': { summary: 'Add a policy or guideline', roles: 'admin', request: policyInput, created: true },
  'GET /policies/{policyId}': { summary: 'Show a policy', roles: 'any role' },
  'PATCH /policies/{policyId}': { summary: 'Change a policy', roles: 'admin; owner of the policy', request: policyPatch, ifMatch: true },
  'GET /audit': {
    summary: 'The audit trail, oldest first, or the events that match a search (pages: limit, next)',
    roles: 'admin, auditor',
    paged: true,
    query: { entityType: 'With entityId: only events about this entity (account, person, grant, approval…)', entityId: 'With entityType', actor: 'Only what this person (or steward, or a connection) did', action: 'Only this action, such as account.updated', from: 'Only events at or after this instant (ISO 8601)', to: 'Only events at or before this instant (ISO 8601)' },
  },
  'GET /audit/verify': { summary: 'Recompute every hash chain of the trail (one per subject); names the chain and the first altered, removed, reordered or inserted record (5,000 records per call: a longer trail answers with next, a cursor to pass back as ?cursor=)', roles: 'admin, auditor', query: { cursor: 'The `next` cursor of the previous call' } },
  'POST /access-requests': { summary: 'Ask for a role on an account (refused up front without current training, with a live grant, or with the same ask pending); starts its approval', roles: 'any role (an active person)', request: accessRequestInput, created: true },
  'POST /account-requests': { summary: 'Propose a new official account; created active once approved', roles: 'any role (an active person)', request: accountRequestInput, created: true },
  'POST /successor-requests': { summary: 'Ask a successor to accept accounts handed over to them', roles: 'admin, hr', request: successorRequestInput, created: true },
  'GET /approvals': { summary: 'Approval requests, newest first (mine=true: asked by me, and awaitingMe: waiting for my decision; filters: status)', roles: 'admin, auditor; anyone with mine=true', paged: true, query: { mine: 'true: the requests I made, and awaitingMe: those waiting for my decision', status: 'pending, approved, rejected, expired or withdrawn' } },
  'GET /approvals/{approvalId}': { summary: 'A request with its stages, decisions and timeline', roles: 'admin, auditor; its requester and approvers' },
  'POST /approvals/{approvalId}/withdraw': { summary: 'Withdraw a pending request; its links stop working', roles: 'admin; its requester', request: withdrawInput },
  'POST /approvals/{approvalId}/decisions': { summary: "Decide the stage a request waits at, as one of its approvers, under the email link's rules (once per approver; not after its deadline, an escalation or a withdrawal)", roles: 'an approver of the current stage', request: approverDecisionInput },
  'POST /departures': { summary: 'Start the offboarding handover of a person (201; the same person again: 200 with the same case)', roles: 'admin, hr', request: departureInput, created: true },
  'GET /departures': { summary: 'Departure cases, newest first', roles: 'admin, hr, auditor', paged: true },
  'GET /departures/{caseId}': { summary: 'A departure case with its per-account results and timings', roles: 'admin, hr, auditor' },
  'POST /departures/{caseId}/controls/confirm': { summary: "Confirm a platform-side control (admin, recovery, 2FA) was moved off the leaver", roles: "admin; the control's new holder", request: controlConfirmation },
  'GET /reviews': { summary: 'Reviews by deadline (filter: status open | completed; pages: limit, next; mine=true: my open reviews, for anyone)', roles: 'admin, auditor; anyone with mine=true', paged: true, query: { status: 'open or completed', mine: 'true: the open reviews assigned to me, soonest deadline first', subjectType: 'With subjectId: the reviews of one account or policy, newest first', subjectId: 'With subjectType' } },
  'GET /reviews/{reviewId}': { summary: 'A review: what it covers, who answers, deadline, reminder, escalation, outcome, comments', roles: 'admin, auditor; its assignee, reviewers and escalation' },
  'POST /reviews/{reviewId}/answers': {
    summary: "Answer a review as its assignee, with the fields of its link page's form (recertification: grant:<id> = keep | revoke; brand audit: each check pass | fail, notes; policy: action publish | confirm | comment); the same rules as the link",
    roles: 'the assignee (any employee may comment on a policy review)',
    request: reviewAnswerInput,
  },
  'POST /reviews/{reviewId}/comments': { summary: 'Comment on a policy under review, until its deadline', roles: 'any role (an active person)', request: commentInput, created: true },
  'POST /review-runs': { summary: 'Run the scheduled reviews now (all kinds, or those named); 202 with the run id', roles: 'admin', request: runInput },
  'GET /review-runs/{runId}': { summary: 'Status of a review run (RUNNING, SUCCEEDED, FAILED)', roles: 'admin, auditor' },
  'GET /findings': {
    summary: 'Single points of failure by account (filters: status open | resolved, code, accountId; pages: limit, next)',
    roles: "admin, auditor; with accountId, also the account's owner and backup owner",
    paged: true,
    query: { status: 'open (the default) or resolved', code: 'Only findings of this kind, such as no-backup-owner', accountId: "Only this account's findings (one page)" },
  },
  'GET /kpis': { summary: 'Governance KPIs (ownership, reviews on time, departure to revoked / rotated, login age by tier, training coverage, open single points of failure) as the last review run or digest computed them; fresh=true computes them now', roles: 'admin, auditor', query: { fresh: 'true: compute them now (admin) instead of the last computed' } },
  'GET /kpis/history': { summary: 'The KPIs as each review run, digest or fresh computation found them, oldest first (the last 90 days unless from; pages: limit, next)', roles: 'admin, auditor', paged: true, query: { from: 'Snapshots at or after this instant (ISO 8601)' } },
  'GET /review/{token}': { summary: 'A review page: the access list to recertify, the brand checklist, or the policy to review and comment on. Changes nothing.', roles: 'the person the signed link names', page: true },
  'HEAD /review/{token}': { summary: 'As GET, without a body (link scanners). Changes nothing.', roles: 'anyone', page: true },
  'POST /review/{token}': { summary: 'Answers the review once (recertification: keep or revoke each grant; brand audit: the checklist; policy: publish, confirm or comment); only from its page (CSRF cookie, same origin)', roles: 'the person the signed link names', page: true, form: reviewForm },
  'GET /handover/{token}': { summary: "A custodian's task page: which login to change, and a button that shows the pending password once. Changes nothing.", roles: 'the custodian the signed link names', page: true },
  'HEAD /handover/{token}': { summary: 'As GET, without a body (link scanners). Changes nothing.', roles: 'anyone', page: true },
  'POST /handover/{token}': { summary: 'action=reveal shows the pending password once (an exposure, audited); action=confirm checks the platform accepts it and resumes the rotation', roles: 'the custodian the signed link names', page: true, form: custodyForm },
  'GET /decide/{token}': { summary: 'Confirmation page of an approval link: what is asked, by whom, earlier decisions, Approve / Reject. Changes nothing.', roles: 'the approver the signed link names', page: true },
  'HEAD /decide/{token}': { summary: 'As GET, without a body (link scanners). Changes nothing.', roles: 'anyone', page: true },
  'POST /decide/{token}': { summary: "Records the approver's decision once; only from the confirmation page (CSRF cookie, same origin)", roles: 'the approver the signed link names', page: true, form: decisionInput },
};

const error = { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } } };

export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = operations[routeKey(route)];
    if (!doc) throw new Error(`no OpenAPI entry for ${routeKey(route)}`);
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: name === 'token' ? '^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$' : '^[a-z0-9][a-z0-9-]{0,62}$' } }));
    for (const [name, description] of Object.entries({ ...(doc.paged ? paging : {}), ...doc.query })) parameters.push({ name, in: 'query', required: false, description, schema: { type: 'string' } } as never);
    if (doc.ifMatch) parameters.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string', pattern: '^(W/)?"?\\d+"?$' } } as never);
    paths[route.path] ??= {};
    if (doc.page) {
      const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
      paths[route.path]![route.method.toLowerCase()] = {
        operationId: routeKey(route).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
        summary: doc.summary,
        description: `Who: ${doc.roles}. Every outcome is an HTML page; nothing here answers with a stack trace.`,
        security: [],
        parameters,
        ...(doc.form ? { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.toJSONSchema(doc.form, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
        responses: {
          '200': html(doc.form ? 'Decision recorded' : 'The confirmation page, or what was decided'),
          '400': html('Invalid or unverifiable link, or a malformed form; nothing changed'),
          ...(doc.form ? { '403': html('Not posted from the confirmation page (CSRF); nothing changed'), '409': html('Already decided; nothing changed') } : {}),
          '410': html('Expired, replaced by an escalation, or withdrawn; nothing changed'),
        },
      };
      continue;
    }
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: routeKey(route).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      summary: doc.summary,
      description: `Roles: ${doc.roles}.`,
      ...(route.auth === 'jwt' ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(doc.request ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(doc.request, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [doc.created ? '201' : '200']: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        ...(route.auth === 'jwt' ? { '401': { description: 'No valid bearer token' }, '403': { description: 'Role or ownership does not allow it', content: { 'application/json': { schema: error } } } } : {}),
        '400': { description: 'Invalid input; nothing changed', content: { 'application/json': { schema: error } } },
        '404': { description: 'Not found', content: { 'application/json': { schema: error } } },
        ...(doc.ifMatch || doc.created ? { '409': { description: 'Stale version or duplicate; nothing changed', content: { 'application/json': { schema: error } } } } : {}),
        ...(doc.request ? { '413': { description: 'Body over 64 KiB' }, '415': { description: 'Body is not application/json' }, '422': { description: "The registry's rules refuse it (e.g. no current training)", content: { 'application/json': { schema: error } } } } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Steward API', version: '1.0.0', description: 'Social media governance: registry, access lists, shared logins, audit trail, approvals by email link. Generated by scripts/openapi.ts; do not edit by hand.' },
    servers: [{ url: 'http://127.0.0.1:4310', description: 'local cloud (npm start)' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

export const openApiPath = resolve(import.meta.dirname, '../docs/openapi.json');
export const consoleTypesPath = resolve(import.meta.dirname, '../console/src/api-schema.ts');

/** The console's API types, generated from the document by openapi-typescript (for openapi-fetch). */
export async function buildConsoleTypes(): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const document = JSON.parse(JSON.stringify(buildOpenApi()));
  return `// Generated from docs/openapi.json by scripts/openapi.ts (npm run openapi); do not edit by hand.\n${astToString(await openapiTS(document))}`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(openApiPath, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
  writeFileSync(consoleTypesPath, await buildConsoleTypes());
  process.stdout.write(`wrote ${openApiPath} and ${consoleTypesPath}\n`);
}
