import { DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException, UpdateSecretVersionStageCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PasswordPolicy } from '../../core/rotation/connectors.ts';
import type { RotationSecrets } from '../../core/rotation/ports.ts';
import type { CredentialInput } from '../../core/registry/model.ts';
import { ACCOUNT_TAG } from './credential-vault.ts';

/** The Secrets Manager side of a login rotation: versions, labels and generated passwords. */
export class SecretsManagerRotation implements RotationSecrets {
  constructor(private readonly client: SecretsManagerClient) {}

  async describe(secretId: string) {
    const secret = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const accountId = secret.Tags?.find((t) => t.Key === ACCOUNT_TAG)?.Value;
    if (!accountId) throw new Error(`secret ${secret.Name} has no ${ACCOUNT_TAG} tag: it is not an account login`);
    return { arn: secret.ARN!, accountId, versions: secret.VersionIdsToStages ?? {} };
  }

  async read(secretId: string, which: { versionId?: string; stage: 'AWSCURRENT' | 'AWSPENDING' }) {
    try {
      const { VersionId, SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: which.versionId, VersionStage: which.stage }));
      return { versionId: VersionId!, value: JSON.parse(SecretString!) as CredentialInput };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async putPending(secretId: string, token: string, value: CredentialInput) {
    await this.client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: JSON.stringify(value), VersionStages: ['AWSPENDING'] }));
  }

  async randomPassword(policy: PasswordPolicy) {
    const { RandomPassword } = await this.client.send(new GetRandomPasswordCommand({ PasswordLength: policy.length, ExcludeCharacters: policy.excludeCharacters, RequireEachIncludedType: true }));
    return RandomPassword!;
  }

  async makeCurrent(secretId: string, token: string, currentVersionId: string) {
    await this.client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentVersionId }));
    // The rotation is over: the pending label leaves the version, as Secrets Manager's own rotation leaves it.
    const { VersionIdsToStages } = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    if (VersionIdsToStages?.[token]?.includes('AWSPENDING')) await this.client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));
  }
}
