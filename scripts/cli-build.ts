import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { bundling } from '../declarations/bundling.ts';
import { readJson, writeFileAtomic } from '../local/files.ts';
import { cliCacheRoot, cliManifestPath, repositoryRoot, type CliManifest } from './cli-bundle.mjs';

/**
 * The `govern` CLI as one JavaScript file, so a call starts Node and runs, instead of compiling TypeScript
 * first. Node 20 or later (package.json's engines), minified because parsing is most of what a call costs
 * before its first request. Commander and zod are bundled too: resolving and loading them from node_modules
 * at every call costs more than reading them inside one file. Source maps are written beside the bundle, not
 * loaded: `NODE_OPTIONS=--enable-source-maps` shows a bug's stack in the TypeScript sources.
 */
const esbuildOptions: BuildOptions = {
  entryPoints: [join(repositoryRoot, 'cli', 'govern.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  // The same `require` as the functions' bundles, for commander's require()s of Node's modules.
  banner: { js: bundling.banner },
  logLevel: 'silent',
};

/** The build's own recipe: a change to it is a change of every bundle it would make. */
const recipe = [import.meta.filename, join(repositoryRoot, 'scripts', 'cli-bundle.mjs')].map((path) => relative(repositoryRoot, path));

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const contentHash = (inputs: CliManifest['inputs']) =>
  sha256(JSON.stringify({ esbuildOptions, esbuildVersion, inputs: Object.entries(inputs).map(([path, input]) => [path, input.sha256]).sort() }));

function describeInputs(paths: string[]): CliManifest['inputs'] {
  return Object.fromEntries(
    paths.map((path) => {
      const file = join(repositoryRoot, path);
      const { size, mtimeMs } = statSync(file);
      return [path, { size, mtimeMs, sha256: sha256(readFileSync(file)) }];
    }),
  );
}

const unchangedContents = (manifest: CliManifest) =>
  Object.entries(manifest.inputs).every(([path, input]) => existsSync(join(repositoryRoot, path)) && sha256(readFileSync(join(repositoryRoot, path))) === input.sha256);

/**
 * Removes the bundles no checkout's manifest names: every edit of the sources would otherwise leave one behind
 * (about 600 KB with its map). Builds under way (`building-*`) are left alone; a call that lost its bundle to
 * this in the instant between its check and its import builds it again.
 */
function pruneUnnamedBundles() {
  const entries = readdirSync(cliCacheRoot, { withFileTypes: true });
  const named = new Set(entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => dirname(readJson<CliManifest>(join(cliCacheRoot, e.name), { bundle: '', inputs: {} }).bundle)));
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('building-') && !named.has(entry.name)) rmSync(join(cliCacheRoot, entry.name), { recursive: true, force: true });
  }
}

export interface CliBuild {
  /** The bundle to import: `govern.mjs` in a folder named by the content hash of its inputs. */
  readonly path: string;
  readonly cached: boolean;
  readonly milliseconds: number;
}

/**
 * The CLI's bundle for the sources as they are: reused when every input's contents are unchanged (a file only
 * touched gets its new time recorded, so the next call's quick check passes), else built again. A build goes to
 * a fresh folder and is moved into place whole, so two calls building at once never run a half-written file.
 */
export async function ensureCliBuild(): Promise<CliBuild> {
  const started = Date.now();
  const manifest = readJson<CliManifest | undefined>(cliManifestPath, undefined);
  if (manifest && existsSync(join(cliCacheRoot, manifest.bundle)) && unchangedContents(manifest)) {
    writeFileAtomic(cliManifestPath, JSON.stringify({ bundle: manifest.bundle, inputs: describeInputs(Object.keys(manifest.inputs)) } satisfies CliManifest), 0o644);
    return { path: join(cliCacheRoot, manifest.bundle), cached: true, milliseconds: Date.now() - started };
  }
  const staging = join(cliCacheRoot, `building-${randomUUID()}`);
  mkdirSync(staging, { recursive: true });
  const result = await build({ ...esbuildOptions, outfile: join(staging, 'govern.mjs'), metafile: true, absWorkingDir: repositoryRoot });
  const inputs = describeInputs([...Object.keys(result.metafile.inputs), ...recipe]);
  const hash = contentHash(inputs);
  const target = join(cliCacheRoot, hash);
  if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, target);
  const bundle = join(hash, 'govern.mjs');
  writeFileAtomic(cliManifestPath, JSON.stringify({ bundle, inputs } satisfies CliManifest), 0o644);
  pruneUnnamedBundles();
  return { path: join(cliCacheRoot, bundle), cached: false, milliseconds: Date.now() - started };
}

// `npm install` runs this (postinstall), so the first `govern` after it answers as quickly as every other.
if (process.argv[1] === import.meta.filename) {
  const { cached, milliseconds } = await ensureCliBuild();
  process.stdout.write(`govern CLI ${cached ? 'unchanged' : `built in ${milliseconds} ms`}\n`);
}
