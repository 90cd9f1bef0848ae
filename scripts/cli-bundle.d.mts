/** Types of scripts/cli-bundle.mjs, for scripts/cli-build.ts. */
export declare const repositoryRoot: string;
export declare const cliCacheRoot: string;
export declare const cliManifestPath: string;

/** One file the build read: what the quick check (size, time) and the content check (sha256) compare. */
export interface CliBuildInput {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface CliManifest {
  /** The bundle, relative to the cache folder: `<content hash>/govern.mjs`. */
  bundle: string;
  /** Every file the build read, relative to the repository. */
  inputs: Record<string, CliBuildInput>;
}

export declare function freshCliBundle(): string | undefined;
