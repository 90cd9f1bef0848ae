import { RotationStepFailed } from '../../core/errors.ts';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { InvalidRequestException, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LoginRotations } from '../../core/rotation/ports.ts';

/** The rotation steps left once a custodian has set the new password on the platform. */
const STEPS_AFTER_CUSTODY = ['setSecret', 'testSecret', 'finishSecret'] as const;

/**
 * Rotations of account logins: started through Secrets Manager's RotateSecret with the rotation function the
 * handover uses (AWS answers at once and runs the steps after), and finished, once a custodian confirms, by
 * invoking that function's remaining steps directly, as Secrets Manager invokes them: RotateSecret refuses any
 * call while the pending version is not current ("A previous rotation isn't complete"), so it cannot resume one.
 */
export class SecretsManagerLoginRotations implements LoginRotations {
  constructor(private readonly options: { secrets: SecretsManagerClient; lambda: LambdaClient; rotationFunctionArn: string }) {}

  async start(secretArn: string, token: string): Promise<'started' | 'not-finished'> {
    try {
      await this.options.secrets.send(new RotateSecretCommand({ SecretId: secretArn, ClientRequestToken: token, RotationLambdaARN: this.options.rotationFunctionArn, RotateImmediately: true }));
      return 'started';
    } catch (error) {
      // A rotation still pending (a custodian still to act, or a step Secrets Manager will retry): the review follows up.
      if (error instanceof InvalidRequestException) return 'not-finished';
      throw error;
    }
  }

  async finish(secretArn: string, token: string): Promise<void> {
    for (const step of STEPS_AFTER_CUSTODY) {
      const answer = await this.options.lambda.send(
        new InvokeCommand({ FunctionName: this.options.rotationFunctionArn, Payload: JSON.stringify({ Step: step, SecretId: secretArn, ClientRequestToken: token }) }),
      );
      if (answer.FunctionError) {
        const record = JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8') || '{}') as { errorType?: string };
        throw new RotationStepFailed(step, record.errorType ?? answer.FunctionError);
      }
    }
  }
}
