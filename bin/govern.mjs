#!/usr/bin/env node
// `govern`: runs the CLI's bundle (scripts/cli-build.ts), which `npm install` and `npm start` build. Compiling
// the TypeScript at every call, as this did with tsx, cost 0.4 to 0.9 s before the CLI did anything.
import { pathToFileURL } from 'node:url';
import { freshCliBundle } from '../scripts/cli-bundle.mjs';

await import(pathToFileURL(freshCliBundle() ?? (await rebuild())).href);

/** A fresh checkout, or sources changed since the last build: build it now, once, for this and later calls. */
async function rebuild() {
  const { tsImport } = await import('tsx/esm/api');
  const { ensureCliBuild } = await tsImport('../scripts/cli-build.ts', import.meta.url);
  return (await ensureCliBuild()).path;
}
