// Where the `govern` CLI's bundle is, and the check `bin/govern.mjs` makes at every call that it is the build of
// the sources as they are. Plain JavaScript: it runs before anything could compile TypeScript. The build itself
// is scripts/cli-build.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..');
export const cliCacheRoot = join(repositoryRoot, 'node_modules', '.cache', 'steward-cli');
/** A manifest per checkout: git worktrees sharing one node_modules each keep the build of their own sources. */
export const cliManifestPath = join(cliCacheRoot, `${encodeURIComponent(repositoryRoot)}.json`);

/**
 * The bundle the manifest names, if every file the build read still has the size and modification time it had.
 * Sizes and times, not contents: stating the 150 inputs (cli, the parts of core it imports, commander, zod)
 * takes about 7 ms in a fresh process, hashing them about 16 (measured), of a call that takes about 200. An edit,
 * a checkout or an `npm install` changes a time; a file touched without a change costs one content check
 * (`ensureCliBuild`), not a rebuild.
 */
export function freshCliBundle() {
  if (!existsSync(cliManifestPath)) return undefined;
  const { bundle, inputs } = JSON.parse(readFileSync(cliManifestPath, 'utf8'));
  for (const [path, built] of Object.entries(inputs)) {
    const now = statSync(join(repositoryRoot, path), { throwIfNoEntry: false });
    if (now?.size !== built.size || now.mtimeMs !== built.mtimeMs) return undefined;
  }
  const path = join(cliCacheRoot, bundle);
  return existsSync(path) ? path : undefined;
}
