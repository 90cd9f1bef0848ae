import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { bundling } from '../../declarations/bundling.ts';
import { functionIds, functions, type FunctionId } from '../../declarations/functions.ts';
import { readJson, writeFileAtomic } from '../files.ts';

const repositoryRoot = resolve(import.meta.dirname, '../..');
/** Inside node_modules, so a bundle's external `@aws-sdk/*` imports resolve as the Lambda runtime's do. */
const cacheRoot = join(repositoryRoot, 'node_modules', '.cache', 'steward-bundles');

/**
 * esbuild options equal to what the CDK's NodejsFunction runs for `bundlingOptions`: one bundle per function,
 * platform node, the stack's format, target, minification (names kept), source maps, main fields,
 * externals and banner, written as `index.mjs` as the CDK writes an ESM bundle.
 */
export const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: bundling.format,
  target: bundling.target,
  minify: bundling.minify,
  keepNames: bundling.keepNames,
  sourcemap: bundling.sourceMap,
  sourcesContent: bundling.sourcesContent,
  mainFields: [...bundling.mainFields],
  external: [...bundling.externalModules],
  banner: { js: bundling.banner },
  outExtension: { '.js': '.mjs' },
  logLevel: 'silent',
};

interface Manifest {
  /** The build's content hash: the options, esbuild's version and every input file's contents. */
  hash: string;
  inputs: Record<string, string>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const optionsHash = sha256(JSON.stringify({ esbuildOptions, esbuildVersion, entries: functionIds.map((id) => functions[id].entry) }));
const inputsHash = (inputs: Record<string, string>) => sha256(optionsHash + JSON.stringify(Object.entries(inputs).sort()));

/** The hash of every file the last build read, unless one changed or went away since. */
function unchangedBuild(manifest: Manifest | undefined): string | undefined {
  if (!manifest || !existsSync(join(cacheRoot, manifest.hash))) return undefined;
  for (const [path, hash] of Object.entries(manifest.inputs)) {
    const file = join(repositoryRoot, path);
    if (!existsSync(file) || sha256(readFileSync(file)) !== hash) return undefined;
  }
  return inputsHash(manifest.inputs) === manifest.hash ? manifest.hash : undefined;
}

export interface Bundles {
  /** Where each function's `index.mjs` is. */
  readonly paths: Readonly<Record<FunctionId, string>>;
  readonly cached: boolean;
  readonly milliseconds: number;
}

/**
 * The bundles the stack deploys, built once per content: a start with unchanged sources reuses the last build
 * (cached by the hash of every input); a build goes to a fresh folder and is moved into place whole, so two
 * clouds starting at once never read a half-written bundle.
 */
export async function ensureBundles(): Promise<Bundles> {
  const started = Date.now();
  const manifestPath = join(cacheRoot, 'latest.json');
  let hash = unchangedBuild(readJson<Manifest | undefined>(manifestPath, undefined));
  const cached = hash !== undefined;
  if (!hash) {
    const staging = join(cacheRoot, `building-${randomUUID()}`);
    mkdirSync(staging, { recursive: true });
    const entryPoints = Object.fromEntries(functionIds.map((id) => [`${id}/index`, join(repositoryRoot, functions[id].entry)]));
    const result = await build({ ...esbuildOptions, entryPoints, outdir: staging, metafile: true, absWorkingDir: repositoryRoot });
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => [path, sha256(readFileSync(join(repositoryRoot, path)))]));
    hash = inputsHash(inputs);
    const target = join(cacheRoot, hash);
    if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
    else renameSync(staging, target);
    writeFileAtomic(manifestPath, JSON.stringify({ hash, inputs } satisfies Manifest), 0o644);
  }
  const folder = join(cacheRoot, hash);
  return {
    paths: Object.fromEntries(functionIds.map((id) => [id, join(folder, id, 'index.mjs')])) as Record<FunctionId, string>,
    cached,
    milliseconds: Date.now() - started,
  };
}
