import type { HandoverContext } from '../../core/handover/ports.ts';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { humanConnector, simulatedPlatformConnector } from '../../adapters/platforms/connectors.ts';
import { SecretsManagerRotation } from '../../adapters/secrets-manager/rotation-secrets.ts';
import { SecretsManagerLoginRotations } from '../../adapters/secrets-manager/login-rotations.ts';
import type { RotationContext } from '../../core/rotation/ports.ts';
import type { LoginRotations } from '../../core/rotation/ports.ts';
import { unbound, workflowContext } from './workflow-context.ts';
import { loadConfig } from './config.ts';

/**
 * What a login rotation needs: the approvals context (registry, links, email, callbacks), Secrets Manager,
 * and the platform connector: the local cloud's simulated platform when SIMULATED_PLATFORM_URL is set, else
 * a person (no social platform Steward supports offers a password API).
 */
export function rotationContext(): RotationContext & HandoverContext {
  const config = loadConfig({ SIMULATED_PLATFORM_URL: z.url().optional() });
  return {
    ...workflowContext(),
    secrets: new SecretsManagerRotation(new SecretsManagerClient({})),
    rotations: loginRotations(),
    connector: config.SIMULATED_PLATFORM_URL ? simulatedPlatformConnector(config.SIMULATED_PLATFORM_URL) : humanConnector,
  };
}

/** RotateSecret with the credential rotation function, and its remaining steps invoked, for functions granted `loginRotation`. */
export function loginRotations(): LoginRotations {
  const { LOGIN_ROTATION_FUNCTION_ARN } = loadConfig({ LOGIN_ROTATION_FUNCTION_ARN: z.string().min(1).optional() });
  return LOGIN_ROTATION_FUNCTION_ARN
    ? new SecretsManagerLoginRotations({ secrets: new SecretsManagerClient({}), lambda: new LambdaClient({}), rotationFunctionArn: LOGIN_ROTATION_FUNCTION_ARN })
    : { start: unbound('login rotation'), finish: unbound('login rotation') };
}
