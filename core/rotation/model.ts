import type { Versioned } from '../registry/model.ts';

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
