import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactAppend, compactRoot, leafHash, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from './merkle.ts';

/** RFC 9162's MTH, by its definition: the oracle the tree's cached hashing must agree with. */
function definitionRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(definitionRoot(leaves.slice(0, k)), definitionRoot(leaves.slice(k)));
}

const leavesOf = (count: number) => Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const flip = (hash: Uint8Array) => Buffer.from(hash.map((byte, i) => (i === 0 ? byte ^ 1 : byte)));

/** The inputs of Certificate Transparency's reference tests (certificate-transparency-go, merkle tree tests). */
const REFERENCE_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => leafHash(Buffer.from(hex, 'hex')));
const REFERENCE_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('the Merkle tree of the audit checkpoints (RFC 9162)', () => {
  it("gives Certificate Transparency's reference roots for each size from 1 to 8, and SHA-256 of nothing when empty", () => {
    const tree = new MerkleTree(REFERENCE_INPUTS);
    expect(REFERENCE_ROOTS.map((_, i) => tree.root(i + 1).toString('hex'))).toEqual(REFERENCE_ROOTS);
    expect(new MerkleTree([]).root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('agrees with the definition of the root for every size and every prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), (size, pick) => {
        const leaves = leavesOf(size);
        const prefix = (pick % size) + 1;
        expect(new MerkleTree(leaves).root(prefix)).toEqual(definitionRoot(leaves.slice(0, prefix)));
      }),
    );
  });

  // A proof binds a leaf to a root; the size comes with the root from a signed checkpoint, so it is not tried here.
  it('proves every leaf in, and no other leaf, place or root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (full, pickSize, pickIndex) => {
        const leaves = leavesOf(full);
        const tree = new MerkleTree(leaves);
        const size = (pickSize % full) + 1;
        const index = pickIndex % size;
        const proof = tree.inclusionProof(index, size);
        const root = tree.root(size);
        expect(verifyInclusion(leaves[index]!, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('an inserted event')), index, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaves[index]!, index, size, proof, flip(root))).toBe(false);
        expect(verifyInclusion(leaves[index]!, size, size, proof, root)).toBe(false);
        if (size > 1) {
          expect(verifyInclusion(leaves[index]!, (index + 1) % size, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaves[index]!, index, size, [...proof.slice(0, -1), flip(proof.at(-1)!)], root)).toBe(false);
          expect(verifyInclusion(leaves[index]!, index, size, proof.slice(1), root)).toBe(false);
        }
      }),
    );
  });

  it('proves a later tree extends an earlier one, and refuses a history rewritten in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (full, pickTo, pickFrom) => {
        const leaves = leavesOf(full);
        const tree = new MerkleTree(leaves);
        const to = (pickTo % full) + 1;
        const from = pickFrom % (to + 1);
        const proof = tree.consistencyProof(from, to);
        expect(verifyConsistency(from, to, tree.root(from), tree.root(to), proof)).toBe(true);
        if (from > 0 && from < to) {
          // One earlier event changed: the earlier root no longer matches what the later tree contains.
          const rewritten = new MerkleTree(leaves.map((leaf, i) => (i === from - 1 ? leafHash(Buffer.from('rewritten')) : leaf)));
          expect(verifyConsistency(from, to, rewritten.root(from), tree.root(to), proof)).toBe(false);
          expect(verifyConsistency(from, to, tree.root(from), flip(tree.root(to)), proof)).toBe(false);
          expect(verifyConsistency(from, to, tree.root(from), tree.root(to), [...proof.slice(0, -1), flip(proof.at(-1)!)])).toBe(false);
          expect(verifyConsistency(from, to, tree.root(from), tree.root(to), proof.slice(0, -1))).toBe(false);
        }
      }),
    );
  });

  it('refuses sizes and indices outside the tree', () => {
    const tree = new MerkleTree(leavesOf(5));
    expect(() => tree.root(6)).toThrow(RangeError);
    expect(() => tree.inclusionProof(5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(RangeError);
    expect(verifyConsistency(3, 2, tree.root(3), tree.root(2), [])).toBe(false);
    expect(verifyInclusion(leafHash(Buffer.from('event 0')), -1, 5, tree.inclusionProof(0), tree.root())).toBe(false);
  });
});

describe('the compact range', () => {
  it('extends a log leaf by leaf to the same root as the whole tree, at every size', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
    const tree = new MerkleTree(leaves);
    let frontier: Buffer[] = [];
    expect(compactRoot(frontier)).toEqual(tree.root(0));
    for (const [size, leaf] of leaves.entries()) {
      frontier = compactAppend(frontier, size, leaf);
      expect(frontier).toHaveLength([...(size + 1).toString(2)].filter((bit) => bit === '1').length);
      expect(compactRoot(frontier)).toEqual(tree.root(size + 1));
    }
  });
});
