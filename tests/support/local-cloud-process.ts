import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalCloudUrls } from '../../local/cloud.ts';
import { defaultPorts, type LocalCloudPorts } from '../../local/ports.ts';

const repositoryRoot = resolve(import.meta.dirname, '../..');
/** tsx's loader by its path: a cloud runs from its own folder, where `--import tsx` would not resolve. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A port the OS reports free right now, on loopback, held open until `release` so a second call cannot get it too. */
function heldPort(): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolvePort({ port, release: () => new Promise((released) => server.close(() => released())) });
    });
  });
}

export async function freePort(): Promise<number> {
  const { port, release } = await heldPort();
  await release();
  return port;
}

/** Distinct free ports for one cloud: each is held until all are chosen, since the OS may hand a just-closed port out again. */
export async function freePorts(): Promise<LocalCloudPorts> {
  const names = Object.keys(defaultPorts) as (keyof LocalCloudPorts)[];
  const held = await Promise.all(names.map(() => heldPort()));
  await Promise.all(held.map((h) => h.release()));
  const ports = { ...defaultPorts };
  names.forEach((name, i) => (ports[name] = held[i]!.port));
  return ports;
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'steward-test-'));

export interface RunningCloud {
  readonly urls: LocalCloudUrls;
  readonly dataDir: string;
  readonly ports: LocalCloudPorts;
  /** Environment the cloud was started with beyond the test's own (kept for a restart). */
  readonly env?: Record<string, string>;
  /** `npm start` flags beyond the data folder and ports (kept for a restart). */
  readonly args?: string[];
  /** SIGTERM (a clean Ctrl-C) or SIGKILL (a crash); resolves when the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Resolves when the process ends, however it ends (an injected crash included). */
  readonly exited: Promise<void>;
}

/**
 * Runs `npm start`'s entry point as its own process, as a developer does with `--data-dir`, and waits for
 * local.json. It runs from its data folder, not the repository: a cloud on another folder leaves a pointer in
 * the `.steward/` of where it runs (local/data-dir.ts), and a test's cloud must not be the one a developer's
 * `govern` finds. tsx reads the repository's tsconfig as it would from the repository.
 */
export async function startCloudProcess(options: { dataDir: string; ports: LocalCloudPorts; env?: Record<string, string>; args?: string[] }): Promise<RunningCloud> {
  const { dataDir, ports } = options;
  const readyFile = join(dataDir, 'local.json');
  rmSync(readyFile, { force: true }); // left behind by a crashed (SIGKILL) run
  const args = ['--import', tsxLoader, join(repositoryRoot, 'local', 'start.ts'), '--data-dir', dataDir];
  for (const [name, port] of Object.entries(ports)) args.push(`--${name}-port`, String(port));
  args.push(...(options.args ?? []));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TSX_TSCONFIG_PATH: join(repositoryRoot, 'tsconfig.json'), POWERTOOLS_LOG_LEVEL: 'INFO', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
  });
  // Everything the cloud prints goes to a log file beside its data, for reading after a failed run.
  const logFile = createWriteStream(join(dataDir, 'local-cloud.log'), { flags: 'a' });
  let output = '';
  const collect = (chunk: Buffer) => {
    logFile.write(chunk);
    output = `${output}${chunk.toString()}`.slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 90_000;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`local cloud exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local cloud not ready after 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const urls = JSON.parse(readFileSync(readyFile, 'utf8')) as LocalCloudUrls;
  return {
    urls,
    dataDir,
    ports,
    env: options.env,
    args: options.args,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A local cloud of a test's own (fresh data folder, free ports), to stop and start again at will. */
export async function startOwnCloud(env?: (dataDir: string) => Record<string, string>, args?: string[]): Promise<RunningCloud> {
  const dataDir = newDataDir();
  return startCloudProcess({ dataDir, ports: await freePorts(), env: env?.(dataDir), args });
}

/** Stops a test's own cloud and removes its data folder (what is left of it after a crash too). */
export async function discardCloud(cloud: RunningCloud | undefined): Promise<void> {
  if (!cloud) return;
  await cloud.stop();
  // STEWARD_KEEP_TEST_DATA=1 keeps it (and its local-cloud.log) for a post-mortem, as for the shared cloud.
  if (process.env.STEWARD_KEEP_TEST_DATA) process.stderr.write(`kept the test cloud's data in ${cloud.dataDir}\n`);
  else rmSync(cloud.dataDir, { recursive: true, force: true });
}

/** The same cloud again, after it stopped (or was killed): same data folder, same ports. */
export const restartCloud = (cloud: RunningCloud) => startCloudProcess({ dataDir: cloud.dataDir, ports: cloud.ports, env: cloud.env, args: cloud.args });
