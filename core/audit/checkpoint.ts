import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * A checkpoint of the audit log, as a signed note (C2SP tlog-checkpoint and signed-note, the format of
 * Sigstore's Rekor and Go's checksum database): the log's origin, its size and root, then extension lines (the
 * previous checkpoint's hash, the time), a blank line, and one signature line per key. The signature is ECDSA
 * P-256 over SHA-256 of the note's text (signed-note type 0x02), which a KMS ECC_NIST_P256 key makes as it is,
 * and which anyone checks offline with the public key alone.
 */

/** What a checkpoint says of the log at one moment. */
export interface Checkpoint {
  /** The log's identity (say `steward.example.com/audit`): a note of another log never passes for ours. */
  origin: string;
  /** How many events the log held. */
  size: number;
  /** The Merkle root of those events (merkle.ts). */
  root: Buffer;
  /** Extension lines: `prev <base64 SHA-256 of the previous note>`, `time <RFC 3339>`. */
  extensions: string[];
}

/** Signs a note's text (the checkpoint's signer: KMS on AWS and on the local cloud). */
export interface NoteSigner {
  /** The signer's name, as the signature line names it. */
  readonly name: string;
  /** The signer's public key, DER SubjectPublicKeyInfo (KMS GetPublicKey). */
  publicKey(): Promise<Buffer>;
  /**
   * A DER-encoded ECDSA signature over SHA-256 of `message`. The KMS adapter sends the note as it is
   * (MessageType RAW, which KMS hashes); `noteText` keeps a note within KMS's 4,096-byte limit for that.
   */
  sign(message: Buffer): Promise<Buffer>;
}

/** The signed-note key ID of an ECDSA key: the first 4 bytes of SHA-256 of its DER SubjectPublicKeyInfo. */
export const keyIdOf = (spki: Buffer): Buffer => createHash('sha256').update(spki).digest().subarray(0, 4);

/** KMS Sign's limit on a RAW message. */
const MAX_NOTE_BYTES = 4096;

const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/;

/** The note's signed text: origin, size, root and extensions, each on its line. */
export function noteText(checkpoint: Checkpoint): string {
  if (!/^\S+$/.test(checkpoint.origin)) throw new RangeError('a checkpoint origin is one word with no spaces');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new RangeError(`a checkpoint size is a whole number, not ${checkpoint.size}`);
  for (const line of checkpoint.extensions) if (line === '' || line.includes('\n')) throw new RangeError('a checkpoint extension is one non-empty line');
  const text = [checkpoint.origin, String(checkpoint.size), checkpoint.root.toString('base64'), ...checkpoint.extensions].map((line) => `${line}\n`).join('');
  if (Buffer.byteLength(text) > MAX_NOTE_BYTES) throw new RangeError(`a checkpoint note is at most ${MAX_NOTE_BYTES} bytes, as KMS signs it`);
  return text;
}

/** The checkpoint as a signed note: its text, a blank line, and the signer's line. */
export async function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): Promise<string> {
  const text = noteText(checkpoint);
  const signature = await signer.sign(Buffer.from(text));
  const keyId = keyIdOf(await signer.publicKey());
  return `${text}\n\u2014 ${signer.name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

/** What reading a note found: the checkpoint a trusted key signed, or why it was refused. */
export type NoteVerdict = { ok: true; checkpoint: Checkpoint; signedBy: string } | { ok: false; problem: string };

/**
 * Reads a signed note and checks it was signed by the trusted key (DER SPKI) and is of the expected origin.
 * Signatures by other keys are ignored, as signed-note asks; a note with no valid signature of ours is refused.
 */
export function verifyCheckpoint(note: string, trustedKey: Buffer, origin: string): NoteVerdict {
  const split = note.indexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, problem: 'not a signed note (no blank line before the signatures)' };
  const text = note.slice(0, split + 1);
  const [noteOrigin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (noteOrigin !== origin) return { ok: false, problem: `a checkpoint of another log (${noteOrigin ?? 'none'})` };
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText ?? '') || !Number.isSafeInteger(Number(sizeText))) return { ok: false, problem: 'its size is not a whole number' };
  const root = Buffer.from(rootText ?? '', 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) return { ok: false, problem: 'its root is not a base64 SHA-256 hash' };
  const key = createPublicKey({ key: trustedKey, format: 'der', type: 'spki' });
  const trustedId = keyIdOf(trustedKey);
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = SIGNATURE_LINE.exec(line);
    if (!match) return { ok: false, problem: `a signature line that is not one: ${JSON.stringify(line.slice(0, 80))}` };
    const signed = Buffer.from(match[2]!, 'base64');
    if (signed.length <= 4 || !signed.subarray(0, 4).equals(trustedId)) continue;
    if (verify('sha256', Buffer.from(text), { key, dsaEncoding: 'der' }, signed.subarray(4))) {
      return { ok: true, signedBy: match[1]!, checkpoint: { origin, size: Number(sizeText), root, extensions } };
    }
  }
  return { ok: false, problem: 'no valid signature by the trusted key' };
}
