import { createHash } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CredentialInput } from '../../core/registry/model.ts';
import type { CredentialVault } from '../../core/registry/ports.ts';

/** The tag that ties a secret to its registry account. */
export const ACCOUNT_TAG = 'steward:account-id';

/**
 * One secret per account, named `<prefix><accountId>`, holding the login as JSON. A new value becomes
 * AWSCURRENT (the previous one stays as AWSPREVIOUS). The request id becomes the ClientRequestToken, so a
 * retried request does not create a second version.
 */
export class SecretsManagerVault implements CredentialVault {
  constructor(private readonly options: { client: SecretsManagerClient; prefix: string }) {}

  secretName(accountId: string): string {
    return `${this.options.prefix}${accountId}`;
  }

  async put(accountId: string, value: CredentialInput, requestId: string) {
    const { client } = this.options;
    const SecretString = JSON.stringify(value);
    // ClientRequestToken must be 32-64 characters; a hash of the request id is both stable and the right length.
    const ClientRequestToken = createHash('sha256').update(`${accountId}\n${requestId}`).digest('hex').slice(0, 64);
    try {
      const put = await client.send(new PutSecretValueCommand({ SecretId: this.secretName(accountId), SecretString, ClientRequestToken }));
      return { secretArn: put.ARN!, versionId: put.VersionId! };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      const created = await client.send(
        new CreateSecretCommand({
          Name: this.secretName(accountId),
          SecretString,
          ClientRequestToken,
          Description: `Shared login of Steward account ${accountId}`,
          Tags: [{ Key: ACCOUNT_TAG, Value: accountId }],
        }),
      );
      return { secretArn: created.ARN!, versionId: created.VersionId! };
    }
  }

  async get(secretArn: string): Promise<CredentialInput> {
    const { SecretString } = await this.options.client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return JSON.parse(SecretString ?? '{}') as CredentialInput;
  }
}
