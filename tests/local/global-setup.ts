import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { freePorts, newDataDir, startCloudProcess } from '../support/local-cloud-process.ts';
import { assertNoSecretLeaked } from '../support/secrets.ts';
import { writeTestApprovalRules } from '../support/approval-rules.ts';

/** One local cloud for the whole `local` tier; tests isolate themselves with unique names and keys. */
export default async function setup(project: TestProject) {
  const dataDir = newDataDir();
  const cloud = await startCloudProcess({ dataDir, ports: await freePorts(), env: { STEWARD_APPROVAL_RULES: writeTestApprovalRules(dataDir) } });
  project.provide('localCloud', { ...cloud.urls, dataDir: cloud.dataDir });
  return async () => {
    await cloud.stop();
    assertNoSecretLeaked(cloud.dataDir);
    // STEWARD_KEEP_TEST_DATA=1 keeps the data folder (and its local-cloud.log) for a post-mortem.
    if (!process.env.STEWARD_KEEP_TEST_DATA) rmSync(cloud.dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    localCloud: import('../../local/cloud.ts').LocalCloudUrls & { dataDir: string };
  }
}
