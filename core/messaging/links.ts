import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * Approval links. A link carries an opaque token naming one request, one stage, one round and one approver,
 * with an expiry, signed with HMAC-SHA256 under a key kept in Secrets Manager. The key's version id travels
 * in the token so a rotated key keeps verifying the links already sent (the ring holds the current and the
 * previous key, as Secrets Manager's AWSCURRENT and AWSPREVIOUS labels do). The token grants nothing by
 * itself: it only lets its approver see and decide that one stage, and the registry's state decides the rest.
 */
export interface LinkKey {
  id: string;
  secret: Buffer;
}

/** The keys that sign and verify links: the current one, and the previous one until the next rotation. */
export interface LinkKeyRing {
  /** The key new links are signed with. */
  current(): Promise<LinkKey>;
  /** A key that may still verify links (current or previous), by id; undefined for any other id. */
  find(id: string): Promise<LinkKey | undefined>;
}

/** What a signed link says: which request, stage and round, for which approver, until when. */
export interface LinkClaims {
  requestId: string;
  stage: number;
  round: number;
  approverId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const VERSION = 'v1';
const payloadSchema = z.strictObject({
  r: z.string().regex(/^[a-z0-9-]{1,63}$/),
  s: z.number().int().min(0).max(20),
  n: z.number().int().min(0).max(5),
  a: z.string().regex(/^[a-z0-9-]{1,63}$/),
  e: z.number().int().positive(),
  k: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
});

const sign = (key: LinkKey, body: string) => createHmac('sha256', key.secret).update(body).digest('base64url');

/** A link token for the claims, signed with the current key (HMAC-SHA256) and naming that key. */
export async function signLink(ring: LinkKeyRing, claims: LinkClaims): Promise<string> {
  const key = await ring.current();
  const payload = { r: claims.requestId, s: claims.stage, n: claims.round, a: claims.approverId, e: claims.expiresAt, k: key.id };
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(key, body)}`;
}

/** What verifying a link found: its claims, or that it is invalid or expired. */
export type LinkVerdict = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a token's shape, key and signature before anything else reads it; only then its expiry. Every
 * failure is the same "invalid" to the caller, so a forger learns nothing about which part was wrong.
 */
export async function verifyLink(ring: LinkKeyRing, token: string, now: Date): Promise<LinkVerdict> {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (token.length > 1024) return invalid;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1]!) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2]!)) return invalid;
  let parsed: z.output<typeof payloadSchema>;
  try {
    const result = payloadSchema.safeParse(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
    if (!result.success) return invalid;
    parsed = result.data;
  } catch {
    return invalid;
  }
  const key = await ring.find(parsed.k);
  if (!key) return invalid;
  const expected = Buffer.from(sign(key, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
  const claims: LinkClaims = { requestId: parsed.r, stage: parsed.s, round: parsed.n, approverId: parsed.a, expiresAt: parsed.e };
  if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
