import { createReadStream, readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { verifyExport } from '../core/audit/export.ts';

/**
 * `steward-audit-verify`: an auditor's check of a Steward audit export, offline, with Node alone. Built into one
 * file (`npm run audit-verifier` → dist/steward-audit-verify.mjs) that needs nothing of Steward's deployment:
 *
 *   node steward-audit-verify.mjs export.jsonl --public-key steward-audit.pem --origin steward.example.com/audit
 *
 * Exit code 0: every event is intact, in its chain, and in the log the checkpoint signs; 3: it is not, and
 * the output names the first record that fails; 2: the command was not understood.
 */
const usage = 'usage: steward-audit-verify <export.jsonl> --public-key <PEM or DER file> --origin <log origin>';
let parsed: ReturnType<typeof parseArgs<{ options: { 'public-key': { type: 'string' }; origin: { type: 'string' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { 'public-key': { type: 'string' }, origin: { type: 'string' } }, allowPositionals: true });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
const [file] = parsed.positionals;
const keyFile = parsed.values['public-key'];
const origin = parsed.values.origin;
if (!file || !keyFile || !origin) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const keyBytes = readFileSync(keyFile);
const publicKey = keyBytes.toString('utf8').includes('-----BEGIN') ? createPublicKey(keyBytes).export({ type: 'spki', format: 'der' }) : keyBytes;
const started = performance.now();
const verdict = await verifyExport(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), publicKey, origin);
process.stdout.write(`${JSON.stringify({ ...verdict, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) })}\n`);
process.exit(verdict.ok ? 0 : 3);
