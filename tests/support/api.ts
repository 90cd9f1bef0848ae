import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DEV_AUDIENCE } from '../../local/dev-issuer.ts';
import type { LocalCloudUrls } from '../../local/cloud.ts';
import { assertLoopback, eventually } from './clients.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export type Caller = (method: string, path: string, options?: { body?: unknown; rawBody?: string; contentType?: string; ifMatch?: string | number; headers?: Record<string, string> }) => Promise<ApiResponse>;

/** Every API response a test saw, so the secret scan can read them all. */
export const seenResponses: { path: string; text: string }[] = [];

export async function devToken(cloud: LocalCloudUrls, personId: string, roles: string[]): Promise<string> {
  const response = await fetch(`${assertLoopback(cloud.awsEndpoint)}/_steward/dev-token`, { method: 'POST', body: JSON.stringify({ personId, roles }) });
  if (!response.ok) throw new Error(`dev token refused: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * An API caller holding a development token for this person and roles (or none, for anonymous calls). The API
 * acts only for people in the registry, so the person is enrolled first (added by the test root with
 * `personBody(personId, enrol)`) unless they already exist or `enrol` is false (a caller the registry does not
 * know).
 */
export async function callerAs(cloud: LocalCloudUrls, personId: string | undefined, roles: string[] = [], enrol: Record<string, unknown> | false = {}): Promise<Caller> {
  const caller = await bareCaller(cloud, personId, roles);
  if (personId && enrol !== false) await enrolPerson(cloud, personId, enrol);
  return caller;
}

/** The test root: the first person of each test cloud's registry (admitted as an empty registry admits its first admin). */
export const TEST_ROOT_ID = 'test-root';

/**
 * Cached per API address; test clouds come and go, and a later one may listen where an earlier one did, so an
 * enrolment the cached root cannot make (that cloud does not know it) enrols the root again.
 */
const roots = new Map<string, Promise<Caller>>();

export function testRoot(cloud: LocalCloudUrls, fresh = false): Promise<Caller> {
  let root = roots.get(cloud.apiUrl);
  if (!root || fresh) {
    root = enrolRoot(cloud);
    roots.set(cloud.apiUrl, root);
    root.catch(() => roots.delete(cloud.apiUrl));
  }
  return root;
}

async function enrolRoot(cloud: LocalCloudUrls): Promise<Caller> {
  const root = await bareCaller(cloud, TEST_ROOT_ID, ['admin', 'hr']);
  if ((await root('GET', `/people/${TEST_ROOT_ID}`)).status === 200) return root;
  // Concurrent first callers race to add the root; whoever loses finds it there.
  const added = await root('POST', '/people', { body: personBody(TEST_ROOT_ID, { team: 'test-root' }) });
  if ((await root('GET', `/people/${TEST_ROOT_ID}`)).status !== 200) throw new Error(`the test root could not enrol (a test cloud's registry must start empty): ${added.status} ${added.text}`);
  return root;
}

async function enrolPerson(cloud: LocalCloudUrls, personId: string, extra: Record<string, unknown>) {
  for (const fresh of [false, true]) {
    const root = await testRoot(cloud, fresh);
    const known = await root('GET', `/people/${personId}`);
    if (known.status === 200) return;
    if (known.status === 403) continue;
    const added = await root('POST', '/people', { body: personBody(personId, extra) });
    if (added.status === 201 || added.status === 409) return;
    throw new Error(`enrolling ${personId}: ${added.status} ${added.text}`);
  }
  throw new Error(`enrolling ${personId}: the test root is not in this cloud's registry`);
}

async function bareCaller(cloud: LocalCloudUrls, personId: string | undefined, roles: string[]): Promise<Caller> {
  const token = personId ? await devToken(cloud, personId, roles) : undefined;
  const base = assertLoopback(cloud.apiUrl);
  return async (method, path, options = {}) => {
    const hasBody = options.body !== undefined || options.rawBody !== undefined;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(hasBody ? { 'content-type': options.contentType ?? 'application/json' } : {}),
        ...(options.ifMatch !== undefined ? { 'if-match': `"${options.ifMatch}"` } : {}),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await response.text();
    seenResponses.push({ path, text });
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, text, headers: response.headers };
  };
}

/** The body of a 2xx response; any other status fails the test with the status and the text. */
export async function ok(response: Promise<ApiResponse> | ApiResponse): Promise<any> {
  const r = await response;
  if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
  return r.body;
}

/** Every item of a paged list (`{ items, next }`), following `next` to the end. */
export async function everyItem(caller: Caller, path: string): Promise<any[]> {
  const items = [];
  let next: string | undefined;
  do {
    const page = await ok(caller('GET', `${path}${path.includes('?') ? '&' : '?'}limit=100${next ? `&next=${next}` : ''}`));
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}

/**
 * Departs a person as HR does (POST /departures: the handover runs) and waits until their access is revoked
 * (the handover's first steps: marked departed, every grant ended): a person's status changes only through a
 * departure, so that nothing is left theirs.
 */
export async function departed(caller: Caller, personId: string): Promise<void> {
  const opened = await ok(caller('POST', '/departures', { body: { personId } }));
  await eventually(async () => ((await ok(caller('GET', `/departures/${opened.id}`))).revokedAt ? true : undefined), `${personId}'s access to be revoked`);
}

/** Unique ids per test run, so tests sharing one registry never collide. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/** A person body with current training. */
export const personBody = (id: string, extra: Record<string, unknown> = {}) => ({ id, email: `${id}@example.com`, name: `Test ${id}`, team: 'testing', trainingCompletedAt: '2026-01-01', trainingExpiresAt: inAYear(), ...extra });

export const accountBody = (ownerId: string, extra: Record<string, unknown> = {}) => ({
  platform: 'bluesky',
  handle: `@${uniqueId('h')}`,
  platformAccountId: uniqueId('pid'),
  displayName: 'Test account',
  url: 'https://bsky.app/profile/test',
  scope: 'external',
  purpose: 'testing',
  team: 'testing',
  ownerId,
  riskTier: 'medium',
  ...extra,
});

/** An admin+hr caller and a fresh owner with an account: the usual starting point. */
export async function registryFixture(cloud: LocalCloudUrls) {
  const adminId = uniqueId('admin');
  const admin = await callerAs(cloud, adminId, ['admin', 'hr']);
  const expect2xx = (r: ApiResponse, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  const ownerId = uniqueId('owner');
  expect2xx(await admin('POST', '/people', { body: personBody(ownerId) }), 'owner person');
  const account = expect2xx(await admin('POST', '/accounts', { body: accountBody(ownerId) }), 'account');
  return { admin, adminId, ownerId, account, expect2xx };
}

/** Tokens claiming admin that the gateway must refuse: unsigned, another key, and the right key but expired or for another audience or issuer. */
export async function forgedTokens(cloud: LocalCloudUrls & { dataDir: string }): Promise<string[]> {
  const issuer = cloud.oidcIssuer;
  const claims = { steward_roles: ['admin'] };
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'mallory', iss: issuer, aud: DEV_AUDIENCE })).toString('base64url')}.`;
  const { privateKey } = await generateKeyPair('ES256');
  const sign = (build: (jwt: SignJWT) => SignJWT) => build(new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(issuer).setAudience(DEV_AUDIENCE).setSubject('mallory')).sign(privateKey);
  const otherKey = await sign((jwt) => jwt.setExpirationTime('1h'));
  const realKey = await importJWK(JSON.parse(readFileSync(join(cloud.dataDir, 'dev-issuer', 'signing-key.jwk.json'), 'utf8')) as JWK, 'ES256');
  const withRealKey = (issuer: string, audience: string, expires: number) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(issuer).setAudience(audience).setSubject('mallory').setExpirationTime(expires).sign(realKey);
  const now = Math.floor(Date.now() / 1000);
  return [unsigned, otherKey, 'not-a-jwt', await withRealKey(issuer, DEV_AUDIENCE, now - 60), await withRealKey(issuer, 'someone-else', now + 3600), await withRealKey('https://evil.example', DEV_AUDIENCE, now + 3600)];
}
