import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { NoteSigner } from '../../core/audit/checkpoint.ts';
import type { AuditFeed, EvidenceObject, EvidenceReader, EvidenceStore, LogHead, LogStore, SealedLeaf } from '../../core/audit/ports.ts';

/**
 * The sealer's ports in memory, for the fast tier: the log as the registry keeps it (head and leaves, one
 * append at a time, conditioned on the head as DynamoDB's transaction is), an evidence store that never
 * replaces an object, a feed that records what it was given, and a signer with a key of its own. Each call
 * yields before it acts, so concurrent sealers interleave as two Lambda invocations would.
 */
export class MemoryLogStore implements LogStore {
  private head?: LogHead;
  private readonly byIndex: SealedLeaf[] = [];
  private readonly sealed = new Set<string>();

  async logHead() {
    await Promise.resolve();
    return this.head && structuredClone(this.head);
  }

  async sealedOf(keys: readonly string[]) {
    await Promise.resolve();
    return new Set(keys.filter((key) => this.sealed.has(key)));
  }

  async append(expected: LogHead | undefined, next: LogHead, leaves: readonly SealedLeaf[]) {
    await Promise.resolve();
    if (JSON.stringify(expected) !== JSON.stringify(this.head) || leaves.some((leaf) => this.sealed.has(leaf.key) || this.byIndex[leaf.logIndex])) return false;
    for (const leaf of leaves) {
      this.byIndex[leaf.logIndex] = structuredClone(leaf);
      this.sealed.add(leaf.key);
    }
    this.head = structuredClone(next);
    return true;
  }

  async leaves(from: number, to: number) {
    await Promise.resolve();
    return structuredClone(this.byIndex.slice(from, to));
  }

  async advance(expected: LogHead, next: LogHead) {
    await Promise.resolve();
    if (JSON.stringify(expected) !== JSON.stringify(this.head)) return false;
    this.head = structuredClone(next);
    return true;
  }

  /** Every leaf, in log order (a test's view). */
  all(): SealedLeaf[] {
    return structuredClone(this.byIndex);
  }
}

/**
 * An evidence store that keeps the first object written under each name, and can be told to fail a write. Like
 * a bucket under Object Lock, what someone with the bucket's keys does later (`overwrite`, `markDeleted`)
 * only adds a version or a delete marker: the first version stays, and a verifier sees every one.
 */
export class MemoryEvidenceStore implements EvidenceStore, EvidenceReader {
  readonly objects = new Map<string, string>();
  private readonly later = new Map<string, { versions: string[]; deleted: boolean }>();
  private failures = 0;

  /** Another version of an object, written around Steward (with the bucket's keys). */
  overwrite(name: string, body: string): void {
    const entry = this.later.get(name) ?? { versions: [], deleted: false };
    entry.versions.push(body);
    this.later.set(name, entry);
  }

  /** A delete marker on an object (a delete without a version id): it hides the object, the version stays. */
  markDeleted(name: string): void {
    this.later.set(name, { versions: this.later.get(name)?.versions ?? [], deleted: true });
  }

  async list(prefix: string): Promise<EvidenceObject[]> {
    await Promise.resolve();
    return [...this.objects.keys()]
      .filter((name) => name.startsWith(prefix))
      .sort()
      .map((name) => ({ name, versions: ['0', ...(this.later.get(name)?.versions.map((_, i) => String(i + 1)) ?? [])], deleted: this.later.get(name)?.deleted ?? false }));
  }

  async readVersion(name: string, versionId: string) {
    await Promise.resolve();
    const body = versionId === '0' ? this.objects.get(name) : this.later.get(name)?.versions[Number(versionId) - 1];
    if (body === undefined) throw new Error(`no version ${versionId} of ${name}`);
    return body;
  }

  /** The next `count` writes fail, as a crash or an outage between two steps would. */
  failNext(count = 1): void {
    this.failures += count;
  }

  /** The store is back: no more writes fail. */
  recover(): void {
    this.failures = 0;
  }

  async putOnce(name: string, body: string) {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('the evidence store is unavailable');
    }
    if (!this.objects.has(name)) this.objects.set(name, body);
  }

  async read(name: string) {
    await Promise.resolve();
    return this.objects.get(name);
  }
}

/** A feed that records each sealed event it was given. */
export class MemoryAuditFeed implements AuditFeed {
  readonly published: SealedLeaf[] = [];

  async publish(leaves: readonly SealedLeaf[]) {
    if (leaves.length > 10) throw new RangeError('EventBridge takes at most 10 entries a call');
    this.published.push(...structuredClone(leaves));
  }
}

/** A signer with a P-256 key of its own, signing as KMS does (ECDSA over SHA-256, DER). */
export class LocalKeyNoteSigner implements NoteSigner {
  private readonly privateKey: KeyObject;

  constructor(readonly name: string) {
    this.privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  }

  async publicKey() {
    return createPublicKey(this.privateKey).export({ type: 'spki', format: 'der' });
  }

  async sign(message: Buffer) {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'der' });
  }
}
