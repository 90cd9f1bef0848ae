import { DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException, UpdateSecretVersionStageCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LinkKeySecret } from '../../core/rotation/link-key-rotation.ts';

/**
 * The approval-link key's secret in Secrets Manager, for its rotation function. The key is plain text (not
 * JSON, unlike an account's login), and its versions' labels are Secrets Manager's own.
 */
export class SecretsManagerLinkKeySecret implements LinkKeySecret {
  constructor(private readonly options: { client: SecretsManagerClient }) {}

  async describe(secretId: string) {
    const metadata = await this.options.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return { rotationEnabled: metadata.RotationEnabled === true, versions: metadata.VersionIdsToStages ?? {} };
  }

  async pending(secretId: string, token: string) {
    try {
      const { SecretString } = await this.options.client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: 'AWSPENDING' }));
      // A version there without text (a binary secret) is there all the same: an empty key, which its test refuses.
      return SecretString ?? '';
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async randomKey(length: number) {
    const { RandomPassword } = await this.options.client.send(new GetRandomPasswordCommand({ PasswordLength: length, ExcludePunctuation: true }));
    return RandomPassword!;
  }

  async putPending(secretId: string, token: string, value: string) {
    await this.options.client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: ['AWSPENDING'] }));
  }

  async makeCurrent(secretId: string, token: string, currentVersionId: string | undefined) {
    await this.options.client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentVersionId }));
  }
}
