import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalCloudUrls } from '../local/cloud.ts';
import { writeFileAtomic } from '../local/files.ts';

/**
 * Where the CLI keeps its session (API URL and bearer token): a file in the local cloud's data folder, mode
 * 0600. Without `--api`, the CLI talks to the local cloud named by `.steward/local.json`.
 */
export interface Session {
  apiUrl: string;
  token: string;
  personId?: string;
  roles?: string[];
  expiresAt?: string;
}

export const dataDir = () => resolve(process.env.STEWARD_DATA_DIR ?? '.steward');
const sessionFile = () => join(dataDir(), 'govern-session.json');

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export function localCloud(): LocalCloudUrls {
  const file = join(dataDir(), 'local.json');
  if (!existsSync(file)) throw new CliError(`no local cloud is running for ${dataDir()}: start it with "npm start", or pass --api URL`);
  return JSON.parse(readFileSync(file, 'utf8')) as LocalCloudUrls;
}

export function readSession(): Session | undefined {
  return existsSync(sessionFile()) ? (JSON.parse(readFileSync(sessionFile(), 'utf8')) as Session) : undefined;
}

export function saveSession(session: Session): void {
  writeFileAtomic(sessionFile(), JSON.stringify(session, null, 2));
}
