import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeyNoteSigner } from '../../adapters/memory/audit-log.ts';
import { signCheckpoint } from '../../core/audit/checkpoint.ts';
import { chainOf } from '../../core/audit/chain.ts';
import { exportLines } from '../../core/audit/export.ts';
import { leafHash, MerkleTree } from '../../core/audit/merkle.ts';
import { buildAuditVerifier } from '../../scripts/audit-verifier-build.ts';
import { chainedEvents } from '../support/sealer.ts';

/**
 * The auditor's verifier as they run it: one built file, a fresh Node process, an export file and a PEM public
 * key, nothing else. It imports Node's built-ins only.
 */
const ORIGIN = 'steward.test/audit';
let folder: string;
let verifier: string;
let exportFile: string;
let keyFile: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'steward-verifier-'));
  verifier = await buildAuditVerifier(join(folder, 'steward-audit-verify.mjs'));
  const signer = new LocalKeyNoteSigner(ORIGIN);
  const events = chainedEvents(25);
  const tree = new MerkleTree(events.map((e) => leafHash(Buffer.from(e.hash, 'hex'))));
  const note = await signCheckpoint({ origin: ORIGIN, size: 25, root: tree.root(), extensions: ['time 2026-12-03T13:00:00.000Z'] }, signer);
  let text = '';
  for await (const line of exportLines({ origin: ORIGIN, note, from: 0, to: 25, prefix: [], consistency: [], logSize: 25 }, events.map((event, logIndex) => ({ logIndex, chain: chainOf(event), event })))) text += line;
  exportFile = join(folder, 'export.jsonl');
  writeFileSync(exportFile, text);
  keyFile = join(folder, 'steward-audit.pem');
  writeFileSync(keyFile, createPublicKey({ key: await signer.publicKey(), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [verifier, ...args], { encoding: 'utf8' });

describe('the offline audit verifier', () => {
  it('is one file that needs nothing but Node', () => {
    const imports = [...readFileSync(verifier, 'utf8').matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((name) => !name!.startsWith('node:'))).toEqual([]);
  });

  it('passes an intact export (exit 0) and names the first altered record in a tampered one (exit 3)', () => {
    const intact = run(exportFile, '--public-key', keyFile, '--origin', ORIGIN);
    expect(intact.status).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, events: 25, logSize: 25 });
    const tampered = join(folder, 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(exportFile, 'utf8').replace('"name":"n7"', '"name":"n7 (edited)"'));
    const broken = run(tampered, '--public-key', keyFile, '--origin', ORIGIN);
    expect(broken.status).toBe(3);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, logIndex: 7, problem: 'altered' });
  });

  it('says how to call it when a part is missing (exit 2)', () => {
    const missing = run(exportFile);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('usage: steward-audit-verify');
  });
});
