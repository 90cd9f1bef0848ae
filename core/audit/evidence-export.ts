import { verifyCheckpoint } from './checkpoint.ts';
import type { ExportedEvent, ExportParts } from './export.ts';
import { compactAppend, leafHash, MerkleTree, verifyInclusion } from './merkle.ts';
import type { EvidenceReader, SealedLeaf } from './ports.ts';

/**
 * Evidence taken from the locked bucket alone (`govern audit export` and `prove`), with the reader's own
 * credentials: the newest signed checkpoint and the sealed events it covers, each object as first written.
 * The table is not read, so what comes out is what was sealed.
 */
export interface SealedLog {
  note: string;
  size: number;
  leaves: SealedLeaf[];
  tree: MerkleTree;
}

/** The newest checkpoint, checked against the key, and the locked copies of the events it covers, checked against its root. */
export async function readSealedLog(reader: EvidenceReader, publicKey: Buffer, origin: string): Promise<SealedLog> {
  const checkpoints = await reader.list('checkpoints/');
  const newest = checkpoints.at(-1);
  if (!newest) throw new Error('the evidence store holds no checkpoint yet');
  const note = await reader.readVersion(newest.name, newest.versions[0]!);
  const verdict = verifyCheckpoint(note, publicKey, origin);
  if (!verdict.ok) throw new Error(`the newest checkpoint (${newest.name}) does not verify: ${verdict.problem}`);
  const size = verdict.checkpoint.size;
  const leaves: SealedLeaf[] = [];
  for (const bundle of await reader.list('leaves/')) {
    if (leaves.length >= size) break;
    const body = await reader.readVersion(bundle.name, bundle.versions[0]!);
    for (const line of body.split('\n').filter(Boolean)) {
      const leaf = JSON.parse(line) as SealedLeaf;
      // Copies may overlap where two sealers raced; each index is taken once, in order.
      if (leaf.logIndex === leaves.length && leaf.logIndex < size) leaves.push(leaf);
    }
  }
  if (leaves.length < size) throw new Error(`the locked copies hold ${leaves.length} of the ${size} sealed events the checkpoint covers`);
  const tree = new MerkleTree(leaves.map((leaf) => leafHash(Buffer.from(leaf.event.hash, 'hex'))));
  if (!tree.root(size).equals(verdict.checkpoint.root)) throw new Error('the locked copies do not make the signed root');
  return { note, size, leaves, tree };
}

/** The export of the sealed events whose time is in [from, to]: the contiguous stretch of the log from the first to the last of them. */
export function exportOfLog(log: SealedLog, origin: string, range: { from?: string; to?: string }): { parts: ExportParts; events: ExportedEvent[] } {
  const inRange = (leaf: SealedLeaf) => (range.from === undefined || leaf.event.at >= range.from) && (range.to === undefined || leaf.event.at <= range.to);
  const first = log.leaves.findIndex(inRange);
  const start = first < 0 ? log.size : first;
  const end = first < 0 ? log.size : log.leaves.findLastIndex(inRange) + 1;
  let prefix: Buffer[] = [];
  for (let i = 0; i < start; i++) prefix = compactAppend(prefix, i, leafHash(Buffer.from(log.leaves[i]!.event.hash, 'hex')));
  const events = log.leaves.slice(start, end).map((leaf) => ({ logIndex: leaf.logIndex, chain: leaf.key.slice(0, leaf.key.lastIndexOf('#')), event: leaf.event }));
  return { parts: { origin, note: log.note, from: start, to: end, prefix, consistency: end === log.size ? [] : log.tree.consistencyProof(end, log.size), logSize: log.size }, events };
}

/** The inclusion proof of one sealed event (`chain#seq`) in the newest signed checkpoint, checked before it is given. */
export function proofOf(log: SealedLog, key: string) {
  const leaf = log.leaves.find((candidate) => candidate.key === key);
  if (!leaf) return undefined;
  const hash = leafHash(Buffer.from(leaf.event.hash, 'hex'));
  const proof = log.tree.inclusionProof(leaf.logIndex, log.size);
  const root = log.tree.root(log.size);
  if (!verifyInclusion(hash, leaf.logIndex, log.size, proof, root)) throw new Error('the proof does not verify');
  return { key, chain: key.slice(0, key.lastIndexOf('#')), logIndex: leaf.logIndex, logSize: log.size, event: leaf.event, leafHash: hash.toString('base64'), proof: proof.map((node) => node.toString('base64')), checkpoint: log.note };
}
