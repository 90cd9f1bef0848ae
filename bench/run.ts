import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { functionIds, functions } from '../infra/model/functions.ts';
import { bundlingOptions } from '../infra/constructs/steward-function.ts';
import { localClients } from '../tests/support/clients.ts';
import { finished, startCanary } from '../tests/support/canary.ts';
import { freePorts, newDataDir, startCloudProcess } from '../tests/support/local-cloud-process.ts';

/**
 * `npm run bench`: figures, not pass/fail. Per Lambda, the bundle exactly as the CDK stack builds it
 * (minified ESM, AWS SDK external) and its module init time, the median of several cold imports, each in a
 * fresh Node process. Then the local cloud: time to ready, and the canary workflow end to end.
 */
const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.steward', 'bench');
const COLD_IMPORTS = 9;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function lambdaFigures() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const rows: string[][] = [];
  for (const id of functionIds) {
    const outfile = join(outDir, `${id}.mjs`);
    await build({
      entryPoints: [join(root, functions[id].entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: bundlingOptions.target,
      minify: bundlingOptions.minify,
      mainFields: bundlingOptions.mainFields,
      external: bundlingOptions.externalModules,
      banner: { js: bundlingOptions.banner },
      logLevel: 'silent',
    });
    const probe = `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`;
    const env = { ...process.env, REGISTRY_TABLE: 'bench', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const samples = Array.from({ length: COLD_IMPORTS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, cwd: root, encoding: 'utf8' })));
    rows.push([id, `${(statSync(outfile).size / 1024).toFixed(1)} KiB`, ms(median(samples)), ms(Math.min(...samples)), ms(Math.max(...samples))]);
  }
  return rows;
}

async function localCloudFigures() {
  const dataDir = newDataDir();
  const started = performance.now();
  const cloud = await startCloudProcess({ dataDir, ports: await freePorts() });
  const ready = performance.now() - started;
  const { sfn } = localClients(cloud.urls);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const { executionArn } = await startCanary(sfn, {});
    const done = await finished(sfn, executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`canary ${done.status}`);
    runs.push(performance.now() - t);
  }
  await cloud.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { ready, canaryMedian: median(runs) };
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const lambdaRows = await lambdaFigures();
process.stdout.write(`\nLambda bundles (minified ESM, node24 target, AWS SDK external); init = cold import, ${COLD_IMPORTS} fresh processes\n`);
process.stdout.write(`${table(['function', 'bundle', 'init median', 'init min', 'init max'], lambdaRows)}\n`);
const cloud = await localCloudFigures();
process.stdout.write(`\nLocal cloud\n${table(['figure', 'value'], [
  ['npm start → ready (DynamoDB Local, endpoint, gateway, inbox)', ms(cloud.ready)],
  ['canary workflow end to end, median of 5 (includes one 1 s Wait)', ms(cloud.canaryMedian)],
])}\n`);
