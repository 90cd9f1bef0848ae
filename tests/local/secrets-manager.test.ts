import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, inject, it } from 'vitest';
import { localClients } from '../support/clients.ts';

const cloud = inject('localCloud');
const { secrets } = localClients(cloud);
const uniqueName = () => `steward/test/${randomUUID()}`;
const token = () => randomUUID();

async function stages(secretId: string) {
  const { VersionIdsToStages } = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  return VersionIdsToStages ?? {};
}

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
    await expect(secrets.send(new GetRandomPasswordCommand({ PasswordLength: 0 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('keeps values encrypted at rest: the state file never holds the plaintext', async () => {
    const marker = `plaintext-marker-${randomUUID()}`;
    await secrets.send(new CreateSecretCommand({ Name: uniqueName(), SecretString: marker }));
    const state = readFileSync(join(cloud.dataDir, 'secretsmanager', 'secrets.json'), 'utf8');
    expect(state).not.toContain(marker);
    expect(state).not.toContain(Buffer.from(marker).toString('base64'));
  });
});
