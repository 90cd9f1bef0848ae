import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCloudUrls } from '../local/cloud.ts';
import { runningCloudIn } from '../local/data-dir.ts';
import { writeFileAtomic } from '../local/files.ts';

/**
 * Where the CLI keeps its session (API URL and bearer token): a file in the local cloud's data folder, mode
 * 0600, so each local cloud has its own (its development issuer's tokens are good there only). Without
 * `--api`, the CLI talks to the local cloud whose `local.json` is in that folder.
 */
export interface Session {
  apiUrl: string;
  token: string;
  personId?: string;
  roles?: string[];
  expiresAt?: string;
}

const sessionFile = (dataDir: string) => join(dataDir, 'govern-session.json');

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export function localCloud(dataDir: string): LocalCloudUrls {
  const cloud = runningCloudIn(dataDir);
  if (!cloud) throw new CliError(`no local cloud is running for ${dataDir}: start it with "npm start", or pass --api URL`);
  return cloud;
}

export function readSession(dataDir: string): Session | undefined {
  return existsSync(sessionFile(dataDir)) ? (JSON.parse(readFileSync(sessionFile(dataDir), 'utf8')) as Session) : undefined;
}

export function saveSession(dataDir: string, session: Session): void {
  writeFileAtomic(sessionFile(dataDir), JSON.stringify(session, null, 2));
}
