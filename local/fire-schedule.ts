import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalCloudUrls } from './cloud.ts';

/** `npm run fire-schedule -- <name>`: fires a declared schedule now on the running local cloud. */
const name = process.argv[2];
const dataDir = resolve(process.env.STEWARD_DATA_DIR ?? '.steward');
const readyFile = join(dataDir, 'local.json');
if (!name) {
  process.stderr.write('usage: npm run fire-schedule -- <schedule name>   (names: declarations/schedules.ts)\n');
  process.exit(2);
}
if (!existsSync(readyFile)) {
  process.stderr.write(`no local cloud is running for ${dataDir} (no local.json): start it with npm start\n`);
  process.exit(1);
}
const { awsEndpoint } = JSON.parse(readFileSync(readyFile, 'utf8')) as LocalCloudUrls;
const response = await fetch(`${awsEndpoint}/_steward/schedules/${encodeURIComponent(name)}/fire`, { method: 'POST' });
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`);
process.exit(response.ok ? 0 : 1);
