import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signLink, verifyLink, type LinkKey, type LinkKeyRing } from './links.ts';

const key = (id: string): LinkKey => ({ id, secret: randomBytes(48) });

/** A ring as Secrets Manager's labels make it: one current key, at most one previous. */
function ring(current: LinkKey, previous?: LinkKey): LinkKeyRing {
  return { current: async () => current, find: async (id) => [current, previous].find((k) => k?.id === id) };
}

const claims = { requestId: 'apr-abc123', stage: 1, round: 0, approverId: 'grace-hopper', expiresAt: Math.floor(Date.now() / 1000) + 3600 };

describe('approval links', () => {
  it('verify with the key that signed them, and after one rotation with the previous key', async () => {
    const first = key('k1');
    const token = await signLink(ring(first), claims);
    expect(await verifyLink(ring(first), token, new Date())).toEqual({ ok: true, claims });
    const second = key('k2');
    expect(await verifyLink(ring(second, first), token, new Date())).toEqual({ ok: true, claims });
    expect(await verifyLink(ring(key('k3'), second), token, new Date())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse any change to the claims or the signature, and a key that only claims the right id', async () => {
    const signer = key('k1');
    const token = await signLink(ring(signer), claims);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const forge = (changes: Record<string, unknown>) => {
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return `${version}.${Buffer.from(JSON.stringify({ ...decoded, ...changes })).toString('base64url')}.${signature}`;
    };
    const attempts = [
      forge({ r: 'apr-other' }),
      forge({ a: 'mallory' }),
      forge({ s: 0 }),
      forge({ n: 1 }),
      forge({ e: claims.expiresAt + 86_400 }),
      `${version}.${payload}.${signature.slice(0, -2)}AA`,
      `v2.${payload}.${signature}`,
      `${version}.${payload}`,
      '',
      'x'.repeat(5000),
    ];
    for (const attempt of attempts) expect(await verifyLink(ring(signer), attempt, new Date()), attempt.slice(0, 40)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLink(ring({ id: 'k1', secret: randomBytes(48) }), token, new Date())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expire at their expiry, and only a genuine link is told it expired', async () => {
    const signer = key('k1');
    const token = await signLink(ring(signer), claims);
    expect(await verifyLink(ring(signer), token, new Date(claims.expiresAt * 1000 - 1))).toMatchObject({ ok: true });
    expect(await verifyLink(ring(signer), token, new Date(claims.expiresAt * 1000))).toEqual({ ok: false, reason: 'expired' });
  });
});
