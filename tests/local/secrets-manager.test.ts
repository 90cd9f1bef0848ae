import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { awsEndpointHandler, type EndpointServices } from '../../local/aws/endpoint.ts';
import type { LocalIam } from '../../local/aws/iam.ts';
import { SecretsManagerService } from '../../local/aws/secrets-manager/api.ts';
import type { RotationInvoker } from '../../local/aws/secrets-manager/rotations.ts';
import { closeServer, listen } from '../../local/http.ts';
import { assertLoopback, credentials, eventually, localClients } from '../support/clients.ts';
import { standaloneEndpoint } from '../support/endpoint.ts';

const cloud = inject('localCloud');
const { secrets } = localClients(cloud);
const uniqueName = () => `steward/test/${randomUUID()}`;
const token = () => randomUUID();

async function stages(secretId: string, client = secrets) {
  const { VersionIdsToStages } = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  return VersionIdsToStages ?? {};
}

/** The shared local cloud's rotation function of the approval-link key: it rotates any secret whose value is a random key. */
const LINK_KEY_ROTATION = 'arn:aws:lambda:us-east-1:000000000000:function:steward-link-key-rotation';
const PREVIOUS_ROTATION_NOT_COMPLETE = "A previous rotation isn't complete. That rotation will be reattempted.";

async function injectFault(fault: { function: string; match: Record<string, string>; when: 'before' | 'after'; count: number }) {
  expect((await fetch(`${cloud.awsEndpoint}/_steward/faults`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(200);
}

/** Polls DescribeSecret until the rotation RotateSecret started has completed (LastRotatedDate set). */
const rotated = (secretId: string, client = secrets) =>
  eventually(async () => {
    const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return described.LastRotatedDate ? described : undefined;
  }, `the rotation of ${secretId}`);

const randomKey = () => `${randomUUID()}${randomUUID()}`.replaceAll('-', '');

describe('local Secrets Manager', () => {
  it('creates a secret whose first value is AWSCURRENT, readable by name, ARN and partial ARN', async () => {
    const name = uniqueName();
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"first"}', Tags: [{ Key: 'steward:account', Value: 'acc-1' }] }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${name}-[A-Za-z0-9]{6}$`));
    for (const id of [name, created.ARN!, created.ARN!.slice(0, -7)]) {
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({ SecretString: '{"password":"first"}', VersionId: created.VersionId, VersionStages: ['AWSCURRENT'] });
    }
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.Tags).toEqual([{ Key: 'steward:account', Value: 'acc-1' }]);
    expect(described.CreatedDate).toBeInstanceOf(Date);
  });

  it('refuses a second secret of the same name with ResourceExistsException, but accepts the same request retried', async () => {
    const name = uniqueName();
    const request = { Name: name, SecretString: 'v', ClientRequestToken: token() };
    const first = await secrets.send(new CreateSecretCommand(request));
    await expect(secrets.send(new CreateSecretCommand(request))).resolves.toMatchObject({ ARN: first.ARN, VersionId: first.VersionId });
    await expect(secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'other' }))).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('moves AWSCURRENT to a new value and keeps the old one as AWSPREVIOUS', async () => {
    const name = uniqueName();
    const { VersionId: v1 } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const v2 = token();
    const put = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: v2 }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    expect(await stages(name)).toEqual({ [v1!]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'] });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).resolves.toMatchObject({ SecretString: 'one' });
  });

  it('runs the rotation protocol: AWSPENDING beside AWSCURRENT until finishSecret moves the label', async () => {
    const name = uniqueName();
    const { VersionId: current } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'old' }));
    const pending = token();
    await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'new', ClientRequestToken: pending, VersionStages: ['AWSPENDING'] }));
    // Until finishSecret, AWSCURRENT is still the working value.
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ SecretString: 'old' });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: pending, VersionStage: 'AWSPENDING' }))).resolves.toMatchObject({ SecretString: 'new' });
    // Moving AWSCURRENT without saying where it is now is refused, as on AWS.
    await expect(secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: pending }))).rejects.toBeInstanceOf(InvalidParameterException);
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: pending, RemoveFromVersionId: current }));
    expect(await stages(name)).toEqual({ [current!]: ['AWSPREVIOUS'], [pending]: ['AWSPENDING', 'AWSCURRENT'] });
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSPENDING', RemoveFromVersionId: pending }));
    expect(await stages(name)).toEqual({ [current!]: ['AWSPREVIOUS'], [pending]: ['AWSCURRENT'] });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ SecretString: 'new' });
  });

  it('never lets AWSCURRENT be removed outright', async () => {
    const name = uniqueName();
    const { VersionId } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await expect(secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: VersionId }))).rejects.toBeInstanceOf(InvalidParameterException);
    expect(await stages(name)).toEqual({ [VersionId!]: ['AWSCURRENT'] });
  });

  it('treats a repeated PutSecretValue with the same token as one (and a different value under it as a clash)', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const t = token();
    await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: t, VersionStages: ['AWSPENDING'] }));
    await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: t, VersionStages: ['AWSPENDING'] }));
    const { Versions } = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(Versions).toHaveLength(2);
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'three', ClientRequestToken: t }))).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('hides versions without a label from ListSecretVersionIds unless deprecated ones are asked for', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: '1' }));
    for (const value of ['2', '3']) await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: value, ClientRequestToken: token() }));
    expect((await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions).toHaveLength(2);
    const all = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 2 }));
    expect(all.Versions).toHaveLength(2);
    const rest = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 2, NextToken: all.NextToken }));
    expect(rest.Versions?.map((v) => v.VersionStages)).toEqual([[]]);
  });

  it('answers unknown secrets, labels and versions with ResourceNotFoundException', async () => {
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: uniqueName() }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPENDING' }))).rejects.toThrow(/staging label: AWSPENDING/);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: token() }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('schedules deletion, refuses use of a deleted secret, and restores it', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await expect(secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 3 }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }))).rejects.toBeInstanceOf(InvalidParameterException);
    const deleted = await secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name }))).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y' }))).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'y' }))).rejects.toBeInstanceOf(InvalidRequestException);
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeInstanceOf(Date);
    await secrets.send(new RestoreSecretCommand({ SecretId: name }));
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ SecretString: 'x' });
    await secrets.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    await expect(secrets.send(new DescribeSecretCommand({ SecretId: name }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('merges tags by key', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: [{ Key: 'a', Value: '1' }] }));
    await secrets.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }));
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
  });

  it('generates passwords that honour length, exclusions and "each included type"', async () => {
    const { RandomPassword } = await secrets.send(new GetRandomPasswordCommand({}));
    expect(RandomPassword).toHaveLength(32);
    for (let i = 0; i < 20; i++) {
      const { RandomPassword: p } = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 12, ExcludeCharacters: '"\'\\/@', ExcludePunctuation: false }));
      expect(p).toHaveLength(12);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
      expect(p).not.toMatch(/["'\\/@]/);
    }
    const { RandomPassword: digits } = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 50, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }));
    expect(digits).toMatch(/^[0-9]{50}$/);
    // A value outside the model's range (1-4096) is refused before the operation runs, as ValidationException.
    await expect(secrets.send(new GetRandomPasswordCommand({ PasswordLength: 0 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });

  it('keeps values encrypted at rest: the state file never holds the plaintext', async () => {
    const marker = `plaintext-marker-${randomUUID()}`;
    await secrets.send(new CreateSecretCommand({ Name: uniqueName(), SecretString: marker }));
    const state = readFileSync(join(cloud.dataDir, 'secretsmanager', 'secrets.json'), 'utf8');
    expect(state).not.toContain(marker);
    expect(state).not.toContain(Buffer.from(marker).toString('base64'));
  });

  it('with RotateImmediately=false configures rotation and tests it on a version of its own, which it then removes', async () => {
    const name = uniqueName();
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    const answer = await secrets.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: LINK_KEY_ROTATION, RotationRules: { AutomaticallyAfterDays: 30 }, RotateImmediately: false }));
    expect(answer.VersionId).toBeUndefined();

    const described = await eventually(async () => {
      const d = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
      return Object.keys(d.VersionIdsToStages ?? {}).length === 1 ? d : undefined;
    }, 'the test version to be removed');
    expect(described).toMatchObject({ RotationEnabled: true, RotationLambdaARN: LINK_KEY_ROTATION, RotationRules: { AutomaticallyAfterDays: 30 }, VersionIdsToStages: { [created.VersionId!]: ['AWSCURRENT'] } });
    expect(described.LastRotatedDate).toBeUndefined();
    const { Versions } = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(Versions?.map((v) => v.VersionId)).toEqual([created.VersionId]);
  });

  it('checks RotationRules as the reference states them, and changes nothing when it refuses', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    const rotate = (RotationRules: Record<string, unknown>) => secrets.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: LINK_KEY_ROTATION, RotationRules, RotateImmediately: false }));
    for (const rules of [{ AutomaticallyAfterDays: 0 }, { AutomaticallyAfterDays: 1001 }, { ScheduleExpression: 'rate(1 days);' }, { ScheduleExpression: 'rate(10 days)', Duration: '1d' }]) {
      await expect(rotate(rules), JSON.stringify(rules)).rejects.toMatchObject({ name: 'ValidationException' });
    }
    for (const rules of [
      { AutomaticallyAfterDays: 30, ScheduleExpression: 'rate(30 days)' },
      { ScheduleExpression: 'rate(2 hours)' },
      { ScheduleExpression: 'every day' },
      { ScheduleExpression: 'rate(4 hours)', Duration: '5h' },
      { ScheduleExpression: 'rate(10 days)', Duration: '25h' },
    ]) {
      await expect(rotate(rules), JSON.stringify(rules)).rejects.toBeInstanceOf(InvalidParameterException);
    }
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).RotationEnabled).toBeUndefined();
    // The reference's own example: the 1st and 15th of the month, a window from 16:00 UTC for two hours.
    await expect(rotate({ ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' })).resolves.toMatchObject({ Name: name });
    // Its testSecret check holds AWSPENDING on a version of its own until it ran; RotateSecret waits for that too.
    await eventually(async () => (Object.keys(await stages(name)).length === 1 ? true : undefined), 'the configuration test to end');
    await expect(rotate({ ScheduleExpression: 'rate(4 hours)', Duration: '4h' })).resolves.toMatchObject({ Name: name });
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).RotationRules).toEqual({ ScheduleExpression: 'rate(4 hours)', Duration: '4h' });
  });

  it('refuses RotateSecret with no rotation function given or configured, and on a secret scheduled for deletion', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    await expect(secrets.send(new RotateSecretCommand({ SecretId: name }))).rejects.toBeInstanceOf(InvalidRequestException);
    await secrets.send(new DeleteSecretCommand({ SecretId: name }));
    await expect(secrets.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: LINK_KEY_ROTATION }))).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(secrets.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: '1' }] }))).rejects.toBeInstanceOf(InvalidRequestException);
    // Reading its metadata and versions stays possible (those operations have no InvalidRequestException).
    await expect(secrets.send(new ListSecretVersionIdsCommand({ SecretId: name }))).resolves.toMatchObject({ Name: name });
    await secrets.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
  });

  it('answers inputs outside the model (lengths, ranges, list sizes, required members) with ValidationException', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y', ClientRequestToken: 'short' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
    });
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y', VersionStages: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y', VersionStages: Array.from({ length: 21 }, (_, i) => `L${i}`) }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'z'.repeat(65537) }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.not.stringContaining('zzz') });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: 'v1' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, MaxResults: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new CreateSecretCommand({ Name: 'has a space', SecretString: 'x' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/^Invalid name/) });
    await expect(secrets.send(new DescribeSecretCommand({ SecretId: '' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '' at 'secretId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });

  it('gives the first version of a secret created without a value AWSCURRENT, whatever VersionStages says', async () => {
    const name = uniqueName();
    const created = await secrets.send(new CreateSecretCommand({ Name: name }));
    expect(created.VersionId).toBeUndefined();
    const first = token();
    const put = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'one', ClientRequestToken: first, VersionStages: ['AWSPENDING'] }));
    expect(put.VersionStages?.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ VersionId: first, SecretString: 'one' });
  });

  it('finds nothing when VersionId and VersionStage name different versions', async () => {
    const name = uniqueName();
    const { VersionId: v1 } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token() }));
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1, VersionStage: 'AWSPREVIOUS' }))).resolves.toMatchObject({ SecretString: 'one' });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1, VersionStage: 'AWSCURRENT' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('keeps every version created in the last 24 hours, even past the 100 it otherwise keeps', async () => {
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: '0' }));
    for (let i = 1; i <= 103; i++) await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: String(i), ClientRequestToken: token() }));
    const first = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    const rest = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, NextToken: first.NextToken }));
    expect(first.Versions).toHaveLength(100);
    expect(rest.Versions).toHaveLength(4);
    expect(rest.NextToken).toBeUndefined();
    // Newest first; the labelled ones are the first two.
    expect(first.Versions!.slice(0, 2).map((v) => v.VersionStages)).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
  });

  it('force-deletes a secret that does not exist without ResourceNotFoundException, and untags idempotently', async () => {
    await expect(secrets.send(new DeleteSecretCommand({ SecretId: uniqueName(), ForceDeleteWithoutRecovery: true }))).resolves.toMatchObject({ DeletionDate: expect.any(Date) });
    await expect(secrets.send(new DeleteSecretCommand({ SecretId: uniqueName() }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const name = uniqueName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await secrets.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['a', 'not-there'] }));
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });
});

/**
 * Reattempts that run out, and close(): a twin of its own with short delays, served over loopback and called
 * through the SDK, rotated by a small rotation function written here against the same SDK (AWS's generic
 * template: createSecret puts a random value, finishSecret moves AWSCURRENT and then removes AWSPENDING).
 */
describe('local Secrets Manager rotation reattempts', () => {
  const TEST_ROTATION = 'arn:aws:lambda:us-east-1:000000000000:function:test-rotation';
  let stop: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  async function ownTwin(retry: { firstDelayMs: number; maxAttempts: number }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-secrets-'));
    const platform = { accepts: false, createFails: false };
    const calls: string[] = [];
    let client: SecretsManagerClient | undefined;
    const rotationFunction: RotationInvoker = async (_lambdaArn, { Step, SecretId, ClientRequestToken }) => {
      calls.push(Step);
      const sm = client!;
      const versions = await stages(SecretId, sm);
      if (versions[ClientRequestToken]?.includes('AWSCURRENT')) return;
      if (Step === 'createSecret') {
        if (platform.createFails) throw new Error('createSecret failed');
        try {
          await sm.send(new GetSecretValueCommand({ SecretId, VersionId: ClientRequestToken, VersionStage: 'AWSPENDING' }));
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
          await sm.send(new PutSecretValueCommand({ SecretId, ClientRequestToken, SecretString: randomKey(), VersionStages: ['AWSPENDING'] }));
        }
      } else if (Step === 'setSecret' && !platform.accepts) {
        throw new Error('the platform refused the new password');
      } else if (Step === 'finishSecret') {
        const current = Object.entries(versions).find(([, labels]) => labels.includes('AWSCURRENT'))![0];
        await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: ClientRequestToken, RemoveFromVersionId: current }));
        await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: ClientRequestToken }));
      }
    };
    const twin = new SecretsManagerService(dataDir, 'us-east-1', '000000000000', rotationFunction, { rotationRetry: retry });
    const { endpoint, close } = await standaloneEndpoint('test Secrets Manager', { secretsManager: twin });
    client = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    stop = async () => {
      await twin.close();
      await close();
      client!.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { twin, client, platform, calls };
  }

  it('answers RotateSecret at once with the new version; the rotation function then makes it AWSCURRENT', async () => {
    const { twin, client, platform } = await ownTwin({ firstDelayMs: 20, maxAttempts: 3 });
    platform.accepts = true;
    const name = uniqueName();
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).RotationEnabled).toBeUndefined();
    const rotation = token();
    const answer = await client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: rotation, RotationLambdaARN: TEST_ROTATION, RotationRules: { ScheduleExpression: 'rate(90 days)' } }));
    expect(answer).toMatchObject({ ARN: created.ARN, Name: name, VersionId: rotation });

    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'rotated', versionId: rotation });
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described).toMatchObject({ RotationEnabled: true, RotationLambdaARN: TEST_ROTATION, RotationRules: { ScheduleExpression: 'rate(90 days)' }, LastRotatedDate: expect.any(Date) });
    expect(described.VersionIdsToStages).toEqual({ [created.VersionId!]: ['AWSPREVIOUS'], [rotation]: ['AWSCURRENT'] });
    await expect(client.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ VersionId: rotation, SecretString: expect.stringMatching(/^[A-Za-z0-9]{64}$/) });
    // A finished rotation: the next one may start.
    const next = token();
    await expect(client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: next }))).resolves.toMatchObject({ VersionId: next });
    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'rotated', versionId: next });
  });

  it('reattempts a rotation whose step failed instead of failing the call, and refuses any RotateSecret until it is complete', async () => {
    const { twin, client, platform } = await ownTwin({ firstDelayMs: 400, maxAttempts: 3 });
    platform.createFails = true;
    const name = uniqueName();
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    const rotation = token();
    await expect(client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: rotation, RotationLambdaARN: TEST_ROTATION }))).resolves.toMatchObject({ VersionId: rotation });

    // The new version has an id and AWSPENDING but no value yet; AWSCURRENT still works.
    expect(await stages(name, client)).toEqual({ [created.VersionId!]: ['AWSCURRENT'], [rotation]: ['AWSPENDING'] });
    await expect(client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPENDING' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new GetSecretValueCommand({ SecretId: name }))).resolves.toMatchObject({ VersionId: created.VersionId });
    for (const again of [rotation, token()]) {
      await expect(client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: again }))).rejects.toMatchObject({ name: 'InvalidRequestException', message: PREVIOUS_ROTATION_NOT_COMPLETE });
    }

    Object.assign(platform, { createFails: false, accepts: true });
    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'rotated', versionId: rotation });
    expect(await stages(name, client)).toEqual({ [created.VersionId!]: ['AWSPREVIOUS'], [rotation]: ['AWSCURRENT'] });
  });

  it('leaves a rotation pending once its attempts run out; the next RotateSecret is refused and reattempts it', async () => {
    const { twin, client, platform, calls } = await ownTwin({ firstDelayMs: 20, maxAttempts: 2 });
    const name = uniqueName();
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    const rotation = token();
    await client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: rotation, RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:test-rotation' }));

    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'failed', versionId: rotation, attempts: 2, error: 'the platform refused the new password' });
    // Each attempt is the entire process again, from createSecret.
    expect(calls).toEqual(['createSecret', 'setSecret', 'createSecret', 'setSecret']);
    expect(await stages(name, client)).toEqual({ [created.VersionId!]: ['AWSCURRENT'], [rotation]: ['AWSPENDING'] });

    platform.accepts = true;
    await expect(client.send(new RotateSecretCommand({ SecretId: name, ClientRequestToken: token() }))).rejects.toMatchObject({ name: 'InvalidRequestException', message: PREVIOUS_ROTATION_NOT_COMPLETE });
    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'rotated', versionId: rotation, attempts: 1 });
    expect(calls.slice(4)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    expect(await stages(name, client)).toEqual({ [created.VersionId!]: ['AWSPREVIOUS'], [rotation]: ['AWSCURRENT'] });
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).LastRotatedDate).toBeInstanceOf(Date);
  });

  it('with RotateImmediately=false runs only testSecret, on a version it then removes', async () => {
    const { twin, client, calls } = await ownTwin({ firstDelayMs: 20, maxAttempts: 3 });
    const name = uniqueName();
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    await client.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:test-rotation', RotateImmediately: false }));
    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'tested', attempts: 1 });
    expect(calls).toEqual(['testSecret']);
    expect(await stages(name, client)).toEqual({ [created.VersionId!]: ['AWSCURRENT'] });
  });

  it('cancels a waiting reattempt on close(), leaving the rotation pending', async () => {
    const { twin, client, calls } = await ownTwin({ firstDelayMs: 60_000, maxAttempts: 3 });
    const name = uniqueName();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: randomKey() }));
    const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:test-rotation' }));
    await eventually(async () => (calls.length === 2 ? true : undefined), 'the first attempt to fail');
    await twin.close();
    await expect(twin.rotationSettled(name)).resolves.toMatchObject({ status: 'suspended', versionId: VersionId, attempts: 1 });
    expect(calls).toEqual(['createSecret', 'setSecret']);
    expect((await stages(name, client))[VersionId!]).toEqual(['AWSPENDING']);
  });
});
