import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repositoryRoot = resolve(import.meta.dirname, '..');
export const consoleSource = join(repositoryRoot, 'console');
const cacheRoot = join(repositoryRoot, 'node_modules', '.cache', 'steward-console');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Every input of the build: the console's sources, the shared model it imports (the registry's platforms, the
 * review checklists, the CSV reader, the hosting's headers: all of core/ and declarations/, so no change there
 * is missed), the lock file that pins Vite, React and Cloudscape, and this file, the build's recipe.
 */
function sourceHash(): string {
  const hash = createHash('sha256');
  const shared = [join(repositoryRoot, 'core'), join(repositoryRoot, 'declarations')].flatMap(filesUnder);
  for (const file of [...filesUnder(consoleSource), ...shared, join(repositoryRoot, 'package-lock.json'), import.meta.filename].sort()) {
    hash.update(relative(repositoryRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const builtFolder = () => join(cacheRoot, sourceHash());

/** The build of the sources as they are now; throws if there is none yet (ensureConsoleBuild makes it). */
export function consoleBuildFolder(): string {
  const folder = builtFolder();
  if (!existsSync(join(folder, 'index.html'))) throw new Error('the console is not built for these sources: run ensureConsoleBuild() (npm start and npx cdk synth do) first');
  return folder;
}

export interface ConsoleBuild {
  /** The folder of the built console: index.html and its assets. */
  readonly folder: string;
  readonly cached: boolean;
  readonly milliseconds: number;
}

/**
 * The built console (Vite), once per content of its sources: a start with nothing changed reuses the last
 * build; a build goes to a fresh folder and is moved into place whole, so two clouds starting at once never
 * serve a half-written one. The CDK stack deploys the same folder.
 */
export async function ensureConsoleBuild(): Promise<ConsoleBuild> {
  const started = Date.now();
  const folder = builtFolder();
  if (existsSync(join(folder, 'index.html'))) return { folder, cached: true, milliseconds: Date.now() - started };
  const staging = join(cacheRoot, `building-${randomUUID()}`);
  mkdirSync(cacheRoot, { recursive: true });
  // Loaded only when a build is needed: Vite is large, and most starts reuse the last build.
  const { build } = await import('vite');
  // Always React's production build: Vite decides production from NODE_ENV, and a build made under vitest
  // (NODE_ENV=test) or a shell with NODE_ENV=development was the development build, 65 KB more and slower.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: consoleSource,
      base: '/',
      logLevel: 'warn',
      build: {
        outDir: staging,
        emptyOutDir: true,
        chunkSizeWarningLimit: 4096,
        rolldownOptions: {
          // Cloudscape marks its modules 'use client' for React Server Components; a browser bundle has no use for it.
          onwarn(warning, warn) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  if (existsSync(folder)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, folder);
  return { folder, cached: false, milliseconds: Date.now() - started };
}
