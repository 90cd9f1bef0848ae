import middy from '@middy/core';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerLinkKeySecret } from '../../adapters/secrets-manager/link-key-secret.ts';
import { rotateLinkKey } from '../../core/rotation/link-key-rotation.ts';
import { rotationStepEvent } from '../../core/rotation/model.ts';
import { parseInput } from '../../core/validation.ts';
import { logger } from '../shared/logger.ts';

const secret = new SecretsManagerLinkKeySecret({ client: new SecretsManagerClient({}) });

/** The approval-link key's rotation function: Secrets Manager calls it for each step; the steps are in core/rotation/link-key-rotation.ts. */
export const handler = middy(async (event: unknown) => {
  const { Step, SecretId, ClientRequestToken } = parseInput(rotationStepEvent, event, 'rotation event');
  logger.info('rotating the approval link key', { step: Step });
  await rotateLinkKey(secret, Step, SecretId, ClientRequestToken);
});
