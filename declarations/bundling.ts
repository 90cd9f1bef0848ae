/**
 * How every function is bundled, declared once: the stack's NodejsFunction and the local cloud's build
 * (local/lambda/bundles.ts) both read it, so the local cloud runs the code AWS runs.
 *
 * ESM bundles need a `require` for the few CommonJS dependencies esbuild leaves as runtime requires. The AWS
 * SDK v3 is left out: the Node.js runtime ships it, which keeps bundles and cold starts small.
 */
export const bundling = {
  format: 'esm',
  target: 'node24',
  minify: true,
  // Error classes name themselves (`this.name = new.target.name`); the API's `error` field and the handover's
  // recordable failures read those names.
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
} as const;
