import { resolve } from 'node:path';
import { build } from 'esbuild';

/** Where `npm run audit-verifier` writes the auditor's verifier. */
export const AUDIT_VERIFIER_PATH = resolve(import.meta.dirname, '..', 'dist', 'steward-audit-verify.mjs');

/** Builds the offline verifier into one file of plain JavaScript that needs Node and nothing else. */
export async function buildAuditVerifier(outfile = AUDIT_VERIFIER_PATH): Promise<string> {
  await build({ entryPoints: [resolve(import.meta.dirname, '..', 'cli', 'audit-verifier.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', banner: { js: '#!/usr/bin/env node' } });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${await buildAuditVerifier()}\n`);
