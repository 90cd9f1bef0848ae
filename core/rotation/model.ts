import * as z from 'zod';
import type { Versioned } from '../registry/model.ts';

/** Secrets Manager's rotation steps, in the order it runs them. */
export const rotationSteps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
/** One step of a Secrets Manager rotation; each can run again with the same token and changes nothing more. */
export type RotationStep = (typeof rotationSteps)[number];

/**
 * What Secrets Manager sends a rotation function for each step: the step, the secret, and the id of the
 * version being made (its ClientRequestToken, 32 to 64 characters). Both rotation functions take it.
 */
export const rotationStepEvent = z.object({
  Step: z.enum(rotationSteps),
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(32).max(64),
});

/**
 * A person asked to set a rotated password on a platform without a password API: they reveal the pending
 * value once by a signed link and confirm they set it; the rotation then completes.
 */
export interface CustodyTask extends Versioned {
  id: string;
  accountId: string;
  secretArn: string;
  /** The rotation's version id (ClientRequestToken) whose pending password this task is about. */
  token: string;
  custodianId: string;
  caseId?: string;
  status: 'open' | 'revealed' | 'confirmed';
  notifiedAt?: string;
  revealedAt?: string;
  confirmedAt?: string;
}
