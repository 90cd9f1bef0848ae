import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { listen, closeServer, PortInUseError, privatePortFor } from './http.ts';

/** Java is missing or too old; the message says what to install. */
export class JavaMissingError extends Error {
  constructor(found: string | undefined) {
    super(
      `DynamoDB Local needs Java 17 or later${found ? ` (found ${found})` : ' (no "java" on PATH)'}. ` +
        'On Debian or Ubuntu: sudo apt-get install -y openjdk-17-jre-headless. On macOS: brew install openjdk@17.',
    );
    this.name = 'JavaMissingError';
  }
}

async function javaMajorVersion(): Promise<{ major: number; text: string } | undefined> {
  const output = await new Promise<string | undefined>((resolve) =>
    execFile('java', ['-version'], { encoding: 'utf8' }, (error, stdout, stderr) => resolve(error ? undefined : `${stderr}${stdout}`)),
  );
  const text = output === undefined ? undefined : /version "([^"]+)"/.exec(output)?.[1];
  if (!text) return undefined;
  const [first, second] = text.split('.').map(Number);
  return { major: first === 1 ? second! : first!, text };
}

/** The jar ships inside the amplify-dynamodb-simulator package: nothing is downloaded at run time. */
function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** The local cloud's DynamoDB Local: a private port and a folder of the data folder, the same across restarts. */
export async function startCloudDynamoDb(dataDir: string): Promise<DynamoDbLocal> {
  return startDynamoDbLocal({ port: await privatePortFor(dataDir), dataDir: join(dataDir, 'dynamodb') });
}

/**
 * Starts the official DynamoDB Local on `port`, persisting under `dataDir`, and waits until it answers.
 * DynamoDB Local has no bind-address option: it listens on every interface of that port (see decisions.md).
 */
export async function startDynamoDbLocal(options: { port: number; dataDir: string }): Promise<DynamoDbLocal> {
  const java = await javaMajorVersion();
  if (!java || java.major < 17) throw new JavaMissingError(java?.text);
  const pidFile = join(options.dataDir, 'dynamodb-local.pid');
  await stopOrphan(pidFile);
  // Probe the port first: DynamoDB Local reports a taken port only as a Java stack trace.
  await closeServer(await listen('DynamoDB Local', '0.0.0.0', options.port, async () => undefined));
  mkdirSync(options.dataDir, { recursive: true });
  const dir = emulatorDir();
  const child: ChildProcess = spawn(
    'java',
    // The client compiler only and the serial collector: DynamoDB Local's JVM starts on half the CPU (measured
    // 2.9 s → 1.5 s), which a laptop and a two-core CI machine feel at every start; it serves one developer.
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-sharedDb', '-disableTelemetry', '-dbPath', options.dataDir, '-port', String(options.port)],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  writeFileSync(pidFile, String(child.pid));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Any HTTP answer means it serves; the SDK is not loaded for this so that start-up overlaps module loading.
    const ready = await Promise.race([
      fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2_000) }).then(async (response) => (await response.arrayBuffer(), true), () => false),
      exited.then(() => 'exited' as const),
    ]);
    if (ready === true) break;
    if (ready === 'exited') {
      if (/BindException|Address already in use/.test(stderr)) throw new PortInUseError('DynamoDB Local', options.port);
      throw new Error(`DynamoDB Local exited during start-up: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('DynamoDB Local did not answer within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
      rmSync(pidFile, { force: true });
    },
  };
}

/**
 * A crash of the local cloud (kill -9) leaves its DynamoDB Local running and holding the port. The pid file
 * names it; it is ended only if that pid is still a DynamoDB Local of this data folder.
 */
async function stopOrphan(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const cmdline = `/proc/${pid}/cmdline`;
  const isOurs = Number.isInteger(pid) && existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes('DynamoDBLocal.jar') && readFileSync(cmdline, 'utf8').includes(dirname(pidFile));
  if (isOurs) {
    process.kill(pid, 'SIGKILL');
    while (existsSync(`/proc/${pid}`)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  rmSync(pidFile, { force: true });
}
