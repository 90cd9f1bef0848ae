import middy from '@middy/core';
import { DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException, SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { parseInput } from '../../core/validation.ts';
import { logger } from '../shared/logger.ts';

const client = new SecretsManagerClient({});

const rotationEvent = z.object({
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(32).max(64),
});

/**
 * Rotates the approval-link key with Secrets Manager's four steps. The key is Steward's own (no other system
 * holds it), so `setSecret` has nothing to do. After `finishSecret` the new key signs and the old one, now
 * AWSPREVIOUS, still verifies links already sent. Each step is safe to repeat, as Secrets Manager may.
 */
export const handler = middy(async (event: unknown) => {
  const { Step, SecretId, ClientRequestToken } = parseInput(rotationEvent, event, 'rotation event');
  const metadata = await client.send(new DescribeSecretCommand({ SecretId }));
  const stages = metadata.VersionIdsToStages?.[ClientRequestToken];
  if (!metadata.RotationEnabled || !stages) throw new Error('rotation is not enabled, or the version is not part of this rotation');
  logger.info('rotating the approval link key', { step: Step });
  switch (Step) {
    case 'createSecret':
      try {
        await client.send(new GetSecretValueCommand({ SecretId, VersionId: ClientRequestToken, VersionStage: 'AWSPENDING' }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        const { RandomPassword } = await client.send(new GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }));
        await client.send(new PutSecretValueCommand({ SecretId, ClientRequestToken, SecretString: RandomPassword, VersionStages: ['AWSPENDING'] }));
      }
      return;
    case 'setSecret':
      return;
    case 'testSecret': {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId, VersionId: ClientRequestToken, VersionStage: 'AWSPENDING' }));
      if (!SecretString || SecretString.length < 32) throw new Error('the pending link key is shorter than 32 characters');
      return;
    }
    case 'finishSecret': {
      if (stages.includes('AWSCURRENT')) return;
      const current = Object.entries(metadata.VersionIdsToStages ?? {}).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
      await client.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: ClientRequestToken, RemoveFromVersionId: current }));
      return;
    }
  }
});
