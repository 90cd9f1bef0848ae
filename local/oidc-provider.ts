import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { roles as knownRoles } from '../core/auth.ts';
import { escapeHtml } from '../core/messaging/html.ts';
import type { DevIssuer } from './dev-issuer.ts';
import { readBody } from './http.ts';

/** The console's client id at the development provider; on AWS it is the client registered at the company's identity provider. */
export const CONSOLE_CLIENT_ID = 'steward-console';
const CODE_TTL_MS = 60_000;

interface PendingCode {
  readonly personId: string;
  readonly roles: string[];
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce?: string;
  readonly expiresAt: number;
}

/**
 * The local stand-in for the company's identity provider, as much of OpenID Connect as the console's sign-in
 * uses: discovery, the authorization endpoint (a page where you pick a person and roles), the token endpoint
 * (authorization code with PKCE S256, public client, single-use codes) and the JWKS. So the console signs in
 * with the same oidc-client-ts code locally as against Okta, Entra ID or Cognito on AWS.
 */
export class DevOidcProvider {
  private readonly codes = new Map<string, PendingCode>();

  constructor(
    private readonly issuer: DevIssuer,
    /** Where the console's sign-in returns to (its `/callback`); nothing else is accepted. */
    private readonly redirectUris: readonly string[],
  ) {}

  /** Answers requests under the issuer's path; false when the path is not the provider's. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> {
    const base = new URL(this.issuer.url).pathname;
    if (!path.startsWith(`${base}/`)) return false;
    const endpoint = path.slice(base.length);
    if (endpoint === '/.well-known/openid-configuration' && request.method === 'GET') return json(response, 200, this.discovery());
    if (endpoint === '/jwks' && request.method === 'GET') return json(response, 200, { keys: [this.issuer.publicJwk] });
    if (endpoint === '/authorize' && request.method === 'GET') return this.authorizePage(response, query);
    if (endpoint === '/authorize' && request.method === 'POST') return this.authorize(response, new URLSearchParams((await readBody(request, 16 * 1024)).toString('utf8')));
    if (endpoint === '/token' && request.method === 'POST') return this.token(response, new URLSearchParams((await readBody(request, 16 * 1024)).toString('utf8')));
    return json(response, 404, { error: 'not_found' });
  }

  private discovery() {
    const url = this.issuer.url;
    return {
      issuer: url,
      authorization_endpoint: `${url}/authorize`,
      token_endpoint: `${url}/token`,
      jwks_uri: `${url}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile'],
    };
  }

  /** RFC 6749 §4.1.2.1: a bad client or redirect URI is shown to the user, never redirected to. */
  private checkClient(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== CONSOLE_CLIENT_ID) return 'unknown client_id';
    if (!this.redirectUris.includes(params.get('redirect_uri') ?? '')) return 'redirect_uri is not registered for this client';
    return undefined;
  }

  private authorizeProblem(params: URLSearchParams): string | undefined {
    if (params.get('response_type') !== 'code') return 'response_type must be code';
    if (!(params.get('scope') ?? '').split(' ').includes('openid')) return 'scope must include openid';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? '')) return 'PKCE with S256 is required';
    return undefined;
  }

  private authorizePage(response: ServerResponse, params: URLSearchParams): boolean {
    const clientProblem = this.checkClient(params);
    if (clientProblem) return page(response, 400, `<h1>Sign-in refused</h1><p>${escapeHtml(clientProblem)}.</p>`);
    const problem = this.authorizeProblem(params);
    if (problem) return redirectError(response, params, 'invalid_request', problem);
    const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce']
      .filter((name) => params.has(name))
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name)!)}">`)
      .join('');
    const roleBoxes = knownRoles
      .map((role) => `<label><input type="checkbox" name="role" value="${role}"${role === 'employee' ? ' checked' : ''}> ${role}</label>`)
      .join(' ');
    return page(
      response,
      200,
      `<h1>Sign in to Steward (local development)</h1>
<p>This is the local cloud's stand-in for your identity provider: sign in as anyone, with any roles.</p>
<form method="post">${hidden}
<p><label>Person id <input name="person" required pattern="[a-z0-9][a-z0-9\-]{0,62}" autocomplete="username"></label></p>
<fieldset><legend>Roles</legend>${roleBoxes}</fieldset>
<p><button type="submit">Sign in</button></p>
</form>`,
    );
  }

  private authorize(response: ServerResponse, form: URLSearchParams): boolean {
    const clientProblem = this.checkClient(form);
    if (clientProblem) return page(response, 400, `<h1>Sign-in refused</h1><p>${escapeHtml(clientProblem)}.</p>`);
    const problem = this.authorizeProblem(form);
    if (problem) return redirectError(response, form, 'invalid_request', problem);
    const personId = form.get('person') ?? '';
    const roles = form.getAll('role');
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(personId) || roles.length === 0 || roles.some((r) => !(knownRoles as readonly string[]).includes(r))) {
      return page(response, 400, '<h1>Sign-in refused</h1><p>Give a person id (lowercase letters, digits, hyphens) and at least one role. Go back and try again.</p>');
    }
    const code = randomBytes(32).toString('base64url');
    this.sweep();
    this.codes.set(code, { personId, roles, redirectUri: form.get('redirect_uri')!, challenge: form.get('code_challenge')!, nonce: form.get('nonce') ?? undefined, expiresAt: Date.now() + CODE_TTL_MS });
    const target = new URL(form.get('redirect_uri')!);
    target.searchParams.set('code', code);
    if (form.has('state')) target.searchParams.set('state', form.get('state')!);
    response.writeHead(303, { location: target.toString(), 'cache-control': 'no-store' }).end();
    return true;
  }

  private async token(response: ServerResponse, form: URLSearchParams): Promise<boolean> {
    if (form.get('grant_type') !== 'authorization_code') return json(response, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== CONSOLE_CLIENT_ID) return json(response, 401, { error: 'invalid_client' });
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    // Single use (RFC 6749 §4.1.2): a second exchange of the same code fails even if the first succeeded.
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    if (!pending || pending.expiresAt < Date.now() || pending.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
      return json(response, 400, { error: 'invalid_grant' });
    }
    const access = await this.issuer.mint({ personId: pending.personId, roles: pending.roles });
    const idToken = await this.issuer.idToken({ personId: pending.personId, audience: CONSOLE_CLIENT_ID, nonce: pending.nonce });
    return json(response, 200, { access_token: access.token, id_token: idToken, token_type: 'Bearer', expires_in: Math.floor((Date.parse(access.expiresAt) - Date.now()) / 1000), scope: 'openid profile' });
  }

  private sweep() {
    const now = Date.now();
    for (const [code, pending] of this.codes) if (pending.expiresAt < now) this.codes.delete(code);
  }
}

function json(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  return true;
}

function page(response: ServerResponse, status: number, body: string): true {
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
    })
    .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Steward</title></head><body><main>${body}</main></body></html>`);
  return true;
}

function redirectError(response: ServerResponse, params: URLSearchParams, error: string, description: string): true {
  const target = new URL(params.get('redirect_uri')!);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (params.has('state')) target.searchParams.set('state', params.get('state')!);
  response.writeHead(303, { location: target.toString(), 'cache-control': 'no-store' }).end();
  return true;
}
