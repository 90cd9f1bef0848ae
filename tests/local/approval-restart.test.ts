import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_LINK_KEY_SECRET } from '../../local/cloud.ts';
import { stateMachineName } from '../../workflows/index.ts';
import { approvalFixture, approvalWithStatus, decideByLink, linkFor, openLink, requestAccess, stageNotified } from '../support/approvals.ts';
import { eventually, localClients } from '../support/clients.ts';
import { freePorts, newDataDir, startCloudProcess, type RunningCloud } from '../support/local-cloud-process.ts';

/** Its own local cloud, so it can be stopped and started while a request waits. */
let cloud: RunningCloud | undefined;

afterEach(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  cloud = undefined;
});

async function rotateLinkKey(running: RunningCloud) {
  const secrets = localClients(running.urls).secrets;
  const before = await secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
  // RotateSecret answers at once and rotates after, as on AWS: wait for AWSCURRENT to reach the new version.
  const { VersionId } = await secrets.send(new RotateSecretCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
  const after = await eventually(async () => {
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
    return current.VersionId === VersionId ? current : undefined;
  }, 'the link key rotation');
  const previous = await secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET, VersionStage: 'AWSPREVIOUS' }));
  expect(after.VersionId).not.toBe(before.VersionId);
  expect(after.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(previous.VersionId).toBe(before.VersionId);
  const described = await secrets.send(new DescribeSecretCommand({ SecretId: LOCAL_LINK_KEY_SECRET }));
  expect(described).toMatchObject({ RotationEnabled: true, LastRotatedDate: expect.any(Date) });
  // Complete: AWSPENDING, if still there, is on the current version (RotateSecret's reference).
  const pending = Object.entries(described.VersionIdsToStages ?? {}).filter(([, stages]) => stages.includes('AWSPENDING'));
  expect(pending.every(([version]) => version === VersionId)).toBe(true);
}

describe('an approval waiting across a restart and key rotations', () => {
  it('keeps its emailed link working after a crash and one key rotation; two rotations retire the link', async () => {
    const ports = await freePorts();
    const dataDir = newDataDir();
    cloud = await startCloudProcess({ dataDir, ports });
    const fx = await approvalFixture(cloud.urls, 'low');
    const waiting = await requestAccess(fx.requester, { accountId: fx.account.id });
    const link = await linkFor(cloud.urls, fx.ownerId, waiting.id);
    const later = await approvalFixture(cloud.urls, 'low');
    const stale = await requestAccess(later.requester, { accountId: later.account.id });
    const staleLink = await linkFor(cloud.urls, later.ownerId, stale.id);
    await stageNotified(fx.requester, waiting.id);

    await rotateLinkKey(cloud);
    await cloud.stop('SIGKILL');
    cloud = await startCloudProcess({ dataDir, ports });

    const executionArn = `arn:aws:states:${cloud.urls.region}:000000000000:execution:${stateMachineName('approval')}:${waiting.id}`;
    expect((await localClients(cloud.urls).sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await decideByLink(link, 'approve')).status).toBe(200);
    const done = await approvalWithStatus(fx.requester, waiting.id, 'approved');
    expect(done.outcome.grantId).toEqual(expect.any(String));

    // Signed two keys ago: no longer verifiable, so it decides nothing.
    await rotateLinkKey(cloud);
    await cloud.stop('SIGTERM');
    cloud = await startCloudProcess({ dataDir, ports });
    expect((await openLink(staleLink)).status).toBe(400);
  }, 150_000);
});
