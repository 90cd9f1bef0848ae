import { randomInt } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { dynamoRegistryStore } from '../../adapters/dynamodb/registry-store.ts';
import { SecretsManagerVault } from '../../adapters/secrets-manager/credential-vault.ts';
import type { CredentialVault, RegistryContext } from '../../core/registry/ports.ts';
import type { ReviewStores } from '../../core/reviews/ports.ts';
import { registryTable } from '../../declarations/table.ts';
import { documentClient } from './clients.ts';
import { loadConfig } from './config.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `acc-k3x9…`: 12 random characters (62 bits), lowercase so ids fit the entity id pattern. */
export const newId = (prefix: string) => `${prefix}-${Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;

/** For Lambdas the catalogue gives no credentials access: reaching the vault there is a wiring bug. */
const unboundVault: CredentialVault = {
  put: () => Promise.reject(new Error('this function has no credentials access (declarations/functions.ts)')),
  get: () => Promise.reject(new Error('this function has no credentials access (declarations/functions.ts)')),
};

/** The registry's adapters, wired once per execution environment for every registry API Lambda. */
export function registryContext(): RegistryContext & { store: ReviewStores } {
  const config = loadConfig({ [registryTable.envVar]: z.string().min(1), SECRET_PREFIX: z.string().regex(/^[\w/+=.@-]+\/$/).optional() });
  return {
    store: dynamoRegistryStore({ client: documentClient, tableName: config[registryTable.envVar]! }),
    vault: config.SECRET_PREFIX ? new SecretsManagerVault({ client: new SecretsManagerClient({}), prefix: config.SECRET_PREFIX }) : unboundVault,
    now: () => new Date(),
    newId,
  };
}
