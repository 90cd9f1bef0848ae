import type { RotationStep } from './model.ts';

/**
 * Rotation of the approval-link key (messaging/links.ts), by Secrets Manager's four steps. The key is Steward's own (no
 * other system holds it), so `setSecret` has nothing to do. After `finishSecret` the new key signs and the old
 * one, now AWSPREVIOUS, still verifies links already sent. Each step is safe to repeat, as Secrets Manager may.
 */

/** The link key's secret, as its rotation sees it. */
export interface LinkKeySecret {
  /** Whether rotation is enabled on the secret, and every version's labels. */
  describe(secretId: string): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** The value of version `token` labelled AWSPENDING, or undefined while there is no such version. */
  pending(secretId: string, token: string): Promise<string | undefined>;
  /** A new random key of `length` letters and digits. */
  randomKey(length: number): Promise<string>;
  /** Stores `value` as version `token`, labelled AWSPENDING. */
  putPending(secretId: string, token: string, value: string): Promise<void>;
  /** Moves AWSCURRENT to version `token` from `currentVersionId` (which becomes AWSPREVIOUS). */
  makeCurrent(secretId: string, token: string, currentVersionId: string | undefined): Promise<void>;
}

/** 64 letters and digits: about 380 bits of randomness. */
const KEY_LENGTH = 64;
/** The shortest key the link key ring accepts (adapters/secrets-manager/link-key-ring.ts). */
const MIN_KEY_LENGTH = 32;

/** Runs one step of the link key's rotation for version `token`; refuses a secret not rotating to that version. */
export async function rotateLinkKey(secret: LinkKeySecret, step: RotationStep, secretId: string, token: string): Promise<void> {
  const { rotationEnabled, versions } = await secret.describe(secretId);
  const stages = versions[token];
  if (!rotationEnabled || !stages) throw new Error('rotation is not enabled, or the version is not part of this rotation');
  switch (step) {
    case 'createSecret':
      if ((await secret.pending(secretId, token)) === undefined) await secret.putPending(secretId, token, await secret.randomKey(KEY_LENGTH));
      return;
    case 'setSecret':
      return;
    case 'testSecret': {
      const value = await secret.pending(secretId, token);
      if (!value || value.length < MIN_KEY_LENGTH) throw new Error(`the pending link key is missing or shorter than ${MIN_KEY_LENGTH} characters`);
      return;
    }
    case 'finishSecret': {
      if (stages.includes('AWSCURRENT')) return;
      const current = Object.entries(versions).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
      await secret.makeCurrent(secretId, token, current);
      return;
    }
  }
}
