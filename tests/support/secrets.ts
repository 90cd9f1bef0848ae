import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every login value a test stores starts with this, so a scan can find any that leaked. */
export const SECRET_MARKER = 'S3CR3T-';

/**
 * After the whole suite: no file the local cloud wrote may hold a login value in clear. That covers the
 * cloud's log (every handler's log lines), DynamoDB Local's database (registry and audit records) and the
 * mail folder. Secrets Manager's own state is exempt only because its values are sealed (AES-GCM).
 */
export function assertNoSecretLeaked(dataDir: string, secret: string = SECRET_MARKER): void {
  const leaks: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path).includes(secret)) leaks.push(path);
    }
  };
  walk(dataDir);
  if (leaks.length > 0) throw new Error(`a login value was written in clear to: ${leaks.join(', ')}`);
}
