import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

type Key = Awaited<ReturnType<typeof importJWK>>;
import { roles as knownRoles } from '../core/auth.ts';
import { writeFileAtomic } from './files.ts';

/**
 * The local stand-in for the company's identity provider: it signs ES256 tokens for any person and roles
 * (`govern login --as <person> --role <role>`, and the console's sign-in through local/oidc-provider.ts), and
 * the local gateway verifies them the way the HTTP API's JWT authorizer does (signature, issuer, audience,
 * expiry). Its issuer is a URL, as OpenID Connect requires (`oidcIssuer` in local.json). Its key never leaves
 * the data folder.
 */
export const DEV_AUDIENCE = 'steward';
const KEY_ID = 'steward-local-1';

export class DevIssuer {
  private constructor(
    /** The issuer URL: tokens carry it as `iss`, and discovery is under it. */
    readonly url: string,
    private readonly privateKey: Key,
    private readonly publicKey: Key,
    /** The public key as the JWKS publishes it. */
    readonly publicJwk: JWK,
  ) {}

  static async load(dataDir: string, url: string): Promise<DevIssuer> {
    const path = join(dataDir, 'dev-issuer', 'signing-key.jwk.json');
    if (!existsSync(path)) {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      writeFileAtomic(path, JSON.stringify(await exportJWK(privateKey)));
    }
    const jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return new DevIssuer(url, await importJWK(jwk, 'ES256'), await importJWK(publicJwk, 'ES256'), { ...publicJwk, kid: KEY_ID, alg: 'ES256', use: 'sig' });
  }

  async mint(request: { personId: string; roles: string[]; ttlSeconds?: number }): Promise<{ token: string; expiresAt: string }> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(request.personId)) throw new Error('personId: lowercase letters, digits and hyphens');
    const unknown = request.roles.filter((r) => !(knownRoles as readonly string[]).includes(r));
    if (request.roles.length === 0 || unknown.length > 0) throw new Error(`roles must be some of: ${knownRoles.join(', ')}`);
    const ttl = Math.min(Math.max(request.ttlSeconds ?? 12 * 3600, 1), 7 * 24 * 3600);
    const expires = Math.floor(Date.now() / 1000) + ttl;
    const token = await new SignJWT({ steward_roles: request.roles })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: KEY_ID })
      .setIssuer(this.url)
      .setAudience(DEV_AUDIENCE)
      .setSubject(request.personId)
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** An OpenID Connect ID token for the console (its audience is the client, not the API). */
  async idToken(request: { personId: string; audience: string; nonce?: string }): Promise<string> {
    const token = new SignJWT({ ...(request.nonce ? { nonce: request.nonce } : {}), name: request.personId })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: KEY_ID })
      .setIssuer(this.url)
      .setAudience(request.audience)
      .setSubject(request.personId)
      .setIssuedAt()
      .setExpirationTime('1h');
    return token.sign(this.privateKey);
  }

  /** The claims of a valid token, or undefined (bad signature, issuer, audience, expired, malformed). */
  async verify(authorization: string | undefined): Promise<JWTPayload | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.url, audience: DEV_AUDIENCE, algorithms: ['ES256'] });
      return payload;
    } catch {
      return undefined;
    }
  }
}

/** API Gateway HTTP APIs hand claims to Lambda as strings, arrays flattened to "[a b]". */
export function asHttpApiClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)]),
  );
}
