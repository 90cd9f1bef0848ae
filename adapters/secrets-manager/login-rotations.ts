import { InvalidRequestException, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LoginRotations } from '../../core/reviews/ports.ts';

/**
 * Rotations of account logins started through Secrets Manager's RotateSecret, with the rotation function the
 * handover uses. The token makes a repeated call the same rotation: Secrets Manager refuses a second token
 * while one is pending ("A previous rotation isn't complete"), and the same token resumes its own.
 */
export class SecretsManagerLoginRotations implements LoginRotations {
  constructor(private readonly options: { client: SecretsManagerClient; rotationFunctionArn: string }) {}

  async start(secretArn: string, token: string): Promise<'started' | 'not-finished'> {
    try {
      await this.options.client.send(new RotateSecretCommand({ SecretId: secretArn, ClientRequestToken: token, RotationLambdaARN: this.options.rotationFunctionArn, RotateImmediately: true }));
      return 'started';
    } catch (error) {
      // A pending rotation (a custodian still to act, another token first) or a failed step: the review follows up.
      if (error instanceof InvalidRequestException) return 'not-finished';
      throw error;
    }
  }
}
