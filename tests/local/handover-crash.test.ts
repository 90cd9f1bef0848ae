import { rmSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { crashAtEachStep, rotationCrashPoints, workflowCrashPoints } from '../support/handover-crash.ts';
import type { RunningCloud } from '../support/local-cloud-process.ts';

const clouds: { cloud?: RunningCloud }[] = [];

afterAll(async () => {
  for (const { cloud } of clouds) {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  }
});

// Each on its own cloud, the two at once: most of the time is spent waiting on a cloud restarting.
describe.concurrent('a handover killed at each step', () => {
  it.each([
    ['rotation step (createSecret, setSecret, testSecret, finishSecret)', rotationCrashPoints],
    ['workflow step (open, revoke, hand-over, rotation-start, rotation-done, report)', workflowCrashPoints],
  ])('ends right after a restart, whichever %s the crash followed', async (_, points) => {
    const running: { cloud?: RunningCloud } = {};
    clouds.push(running);
    await crashAtEachStep(points, running);
  }, 600_000);
});
