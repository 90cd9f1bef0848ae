import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const nodeModules = join(resolve(import.meta.dirname, '../../..'), 'node_modules');
// The package's exports map hides its package.json from require.resolve.
const engineVersion = (JSON.parse(readFileSync(join(nodeModules, 'aws-local-stepfunctions', 'package.json'), 'utf8')) as { version: string }).version;
const cacheRoot = join(nodeModules, '.cache', 'steward-validated-definitions');

/**
 * Runs `validate` unless this very definition already passed it under this engine version. Validation costs
 * about 0.7 s of CPU per start (a JSON-schema compile, then each definition), and every start of the local
 * cloud registers the same definitions; a changed definition, or another engine, is validated again.
 */
export function validateOnce(definition: unknown, validate: () => void): void {
  const marker = join(cacheRoot, createHash('sha256').update(engineVersion).update('\0').update(JSON.stringify(definition)).digest('hex'));
  if (existsSync(marker)) return;
  validate();
  mkdirSync(cacheRoot, { recursive: true });
  writeFileSync(marker, '');
}
