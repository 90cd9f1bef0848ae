#!/usr/bin/env node
// Runs before `npm test`: makes sure what the tests need beyond npm is on this machine.
// Today that is Java 17+ for DynamoDB Local and Debian's Chromium for the browser tests (playwright-core drives
// it; no browser is ever downloaded). When one is missing, it is installed from Debian's packages if
// this machine can (root with apt-get); otherwise this prints the exact command and stops the test run.
import { spawnSync } from 'node:child_process';

const requirements = [
  {
    what: 'Java 17 or later (DynamoDB Local)',
    present: () => {
      const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
      const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
      if (!version) return false;
      const major = version[1] === '1' ? Number(version[2]) : Number(version[1]);
      return major >= 17;
    },
    debianPackages: ['openjdk-17-jre-headless'],
  },
  {
    what: 'Chromium (browser tests, driven by playwright-core)',
    present: () => spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { stdio: 'ignore' }).status === 0,
    debianPackages: ['chromium'],
  },
];

const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
let missing = 0;
for (const requirement of requirements) {
  if (requirement.present()) continue;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${requirement.debianPackages.join(' ')}`;
  if (canInstall) {
    process.stdout.write(`provision: installing ${requirement.what}: ${command}\n`);
    const result = spawnSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status === 0 && requirement.present()) continue;
  }
  process.stderr.write(`provision: ${requirement.what} is missing. Install it with:\n  sudo ${command}\n(or your platform's equivalent; for Chromium elsewhere, set CHROMIUM_PATH to its executable), then run npm test again.\n`);
  missing += 1;
}
process.exit(missing === 0 ? 0 : 1);
