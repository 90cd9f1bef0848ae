import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { noteText, signCheckpoint, verifyCheckpoint, type Checkpoint, type NoteSigner } from './checkpoint.ts';
import { leafHash, MerkleTree } from './merkle.ts';

/** A P-256 key in memory, signing as KMS's ECDSA_SHA_256 does: DER signatures over SHA-256 of the message. */
function memorySigner(name: string): NoteSigner & { spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { name, spki, publicKey: async () => spki, sign: async (message) => sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }) };
}

const ORIGIN = 'steward.example.com/audit';
const checkpoint: Checkpoint = {
  origin: ORIGIN,
  size: 3,
  root: new MerkleTree(['a', 'b', 'c'].map((e) => leafHash(Buffer.from(e)))).root(),
  extensions: ['prev 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'time 2026-12-03T09:00:00Z'],
};

describe('an audit checkpoint (a signed note)', () => {
  it('says origin, size, root and extensions on their lines, and verifies with the public key alone', async () => {
    const signer = memorySigner('steward-audit');
    const note = await signCheckpoint(checkpoint, signer);
    expect(note.startsWith(`${ORIGIN}\n3\n${checkpoint.root.toString('base64')}\nprev `)).toBe(true);
    expect(note).toMatch(/\n\n\u2014 steward-audit [A-Za-z0-9+/]+=*\n$/);
    expect(verifyCheckpoint(note, signer.spki, ORIGIN)).toEqual({ ok: true, signedBy: 'steward-audit', checkpoint });
  });

  it('refuses a note changed anywhere, signed by another key, or of another log', async () => {
    const signer = memorySigner('steward-audit');
    const note = await signCheckpoint(checkpoint, signer);
    const accepted = (text: string, key = signer.spki, origin = ORIGIN) => verifyCheckpoint(text, key, origin).ok;
    expect(accepted(note.replace('\n3\n', '\n4\n'))).toBe(false);
    expect(accepted(note.replace('time 2026-12-03T09:00:00Z', 'time 2026-12-03T09:00:01Z'))).toBe(false);
    expect(accepted(note.replace(checkpoint.root.toString('base64'), Buffer.alloc(32).toString('base64')))).toBe(false);
    expect(accepted(note, memorySigner('steward-audit').spki)).toBe(false);
    expect(accepted(note, signer.spki, 'another.example.com/audit')).toBe(false);
    expect(accepted(note.slice(0, note.indexOf('\n\n') + 1))).toBe(false);
    // An impostor's line beside ours is ignored; ours still verifies. An impostor's line alone does not.
    const impostor = await signCheckpoint(checkpoint, memorySigner('steward-audit'));
    const theirLine = impostor.slice(impostor.indexOf('\n\n') + 2);
    expect(accepted(`${note}${theirLine}`)).toBe(true);
    expect(accepted(`${noteText(checkpoint)}\n${theirLine}`)).toBe(false);
  });

  it('cannot be written with an origin, size or extension that would break its lines', async () => {
    const signer = memorySigner('steward-audit');
    await expect(signCheckpoint({ ...checkpoint, origin: 'two words' }, signer)).rejects.toThrow(RangeError);
    await expect(signCheckpoint({ ...checkpoint, size: -1 }, signer)).rejects.toThrow(RangeError);
    await expect(signCheckpoint({ ...checkpoint, extensions: ['a\n\nb'] }, signer)).rejects.toThrow(RangeError);
  });
});
