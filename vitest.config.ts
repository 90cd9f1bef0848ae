import { defineConfig } from 'vitest/config';

/**
 * Three tiers (STYLE.md): `unit` runs pure rules with in-memory ports; `infra` synthesizes the CDK stack and
 * runs cdk-nag; `local` talks over the wire to a real local cloud that its global setup starts once.
 */
export default defineConfig({
  test: {
    // Two test files at a time on two cores: local tests mostly wait on the local cloud, so the second worker
    // fills that time (measured: 550 s one at a time, 367 s two at a time, every test passing).
    maxWorkers: 2,
    // A page polled for what it shows (its DOM, not the API) gets the time a loaded two-core machine needs.
    expect: { poll: { timeout: 15_000 } },
    // The SDK's notice that future releases need Node 22 is for readers of README, not for every test file.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'core/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      {
        extends: true,
        test: {
          name: 'local',
          include: ['tests/local/**/*.test.ts'],
          globalSetup: ['tests/local/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
