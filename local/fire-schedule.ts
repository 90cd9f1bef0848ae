import { findDataDir, runningCloudIn } from './data-dir.ts';

/** `npm run fire-schedule -- <name>`: fires a declared schedule now on the running local cloud (found as `govern` finds it). */
const name = process.argv[2];
const dataDir = findDataDir();
if (!name) {
  process.stderr.write('usage: npm run fire-schedule -- <schedule name>   (names: declarations/schedules.ts)\n');
  process.exit(2);
}
const cloud = runningCloudIn(dataDir);
if (!cloud) {
  process.stderr.write(`no local cloud is running for ${dataDir}: start it with npm start\n`);
  process.exit(1);
}
const { awsEndpoint } = cloud;
const response = await fetch(`${awsEndpoint}/_steward/schedules/${encodeURIComponent(name)}/fire`, { method: 'POST' });
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`);
process.exit(response.ok ? 0 : 1);
