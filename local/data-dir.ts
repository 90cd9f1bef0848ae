import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalCloudUrls } from './cloud.ts';
import { readJson, writeFileAtomic } from './files.ts';

/**
 * A local cloud's data folder, and how the CLI (and `npm run fire-schedule`) find the cloud that runs on one.
 * `npm start` uses `.steward/` in the folder it runs from, unless given another with --data-dir or
 * STEWARD_DATA_DIR. A cloud on another folder leaves a pointer to it in `.steward/`, so a `govern` run from the
 * same folder finds it without being told; the pointer names the cloud's process, and a pointer whose process
 * is gone (a crash leaves it behind) points nowhere.
 */
export const defaultDataDir = () => resolve('.steward');

/** `local.json`: the running cloud's URLs, written once everything answers, removed when it stops. */
export const readyFileIn = (dataDir: string) => join(dataDir, 'local.json');

/** What `local.json` holds: the URLs and the process serving them (a cloud killed without its stop leaves the file). */
export interface ReadyFile extends LocalCloudUrls {
  pid: number;
}

interface CloudPointer {
  dataDir: string;
  pid: number;
}

const pointerFile = () => join(defaultDataDir(), 'cloud-elsewhere.json');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The cloud running on `dataDir`: its URLs, if its local.json is there and was written by a live process. */
export function runningCloudIn(dataDir: string): LocalCloudUrls | undefined {
  const file = readyFileIn(dataDir);
  if (!existsSync(file)) return undefined;
  const ready = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReadyFile> & LocalCloudUrls;
  // A local.json without a pid was written before clouds recorded theirs: taken as live, as it always was.
  return ready.pid === undefined || isAlive(ready.pid) ? ready : undefined;
}

/**
 * Leaves a pointer to `dataDir` in the default folder, naming this process; returns what removes it. Two clouds
 * on other folders at once: the later one's pointer wins, and the earlier one's stop leaves it in place.
 */
export function pointToDataDir(dataDir: string): () => void {
  writeFileAtomic(pointerFile(), `${JSON.stringify({ dataDir, pid: process.pid } satisfies CloudPointer)}\n`, 0o644);
  return () => {
    if (readJson<CloudPointer | undefined>(pointerFile(), undefined)?.pid === process.pid) rmSync(pointerFile(), { force: true });
  };
}

/**
 * The data folder of the local cloud to talk to. In order: the one given (the CLI's --data-dir),
 * STEWARD_DATA_DIR, `.steward/` if a cloud runs there, the folder `.steward/` points to if its cloud still
 * runs, and else `.steward/` (where the CLI keeps a session for a deployed API, and says no cloud runs).
 */
export function findDataDir(given?: string): string {
  const chosen = given ?? process.env.STEWARD_DATA_DIR;
  if (chosen !== undefined) return resolve(chosen);
  const fallback = defaultDataDir();
  if (runningCloudIn(fallback)) return fallback;
  const pointer = readJson<CloudPointer | undefined>(pointerFile(), undefined);
  return pointer && isAlive(pointer.pid) ? pointer.dataDir : fallback;
}
