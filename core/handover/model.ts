import * as z from 'zod';
import { entityId, type Versioned } from '../registry/model.ts';

/** A departure as HR or the HR system asks for it: who leaves, who succeeds them, and when. */
export const departureInput = z.strictObject({
  personId: entityId,
  successorId: entityId.optional(),
  /** When the person stops acting for the company; absent or past: now. */
  effectiveAt: z.iso.datetime({ offset: true }).optional(),
});

/** The platform-side controls a leaver may hold on an account. */
export const controlKinds = ['native-admin', 'recovery-email', 'recovery-phone', 'two-factor'] as const;
/** A platform-side control the leaver holds on an account: it becomes a task for the account's new owner. */
export type ControlKind = (typeof controlKinds)[number];

/** The new owner confirms they took over one platform-side control of an account. */
export const controlConfirmation = z.strictObject({ accountId: entityId, kind: z.enum(controlKinds) });

/** What happened to one account in a handover; each part is set once, by the step that did it. */
export interface AccountResult {
  accountId: string;
  /** Kept by the store: each result is its own item, written with optimistic concurrency on this. */
  revision?: number;
  /** The leaver's relations to the account, from the footprint. */
  relations: ('owner' | 'backup' | 'grant' | 'credential' | 'control')[];
  revoked?: { grantIds: string[]; at: string };
  /** `no-login`: the leaver could have revealed it, but no login is stored for the account. */
  rotation?: { status: 'rotated' | 'waiting' | 'failed' | 'no-login'; at: string; detail?: string };
  transfer?: { status: 'transferred' | 'waiting' | 'failed' | 'backup-removed'; to?: string; interimOwnerId?: string; approvalId?: string; at: string; detail?: string };
  controls?: { kind: ControlKind; assignedTo: string; status: 'open' | 'confirmed' }[];
}

/**
 * Where a departure case stands: scheduled for its date, running, waiting on people (successors, custodians,
 * control tasks), completed, or partial (some step failed for good).
 */
export type CaseStatus = 'scheduled' | 'running' | 'waiting' | 'completed' | 'partial';

/** A case without its per-account results: what lists show. */
export type DepartureSummary = Omit<DepartureCase, 'accounts'>;

/**
 * A departure case: who leaves and when, who asked, how far the handover got, and one result per account the
 * leaver touched.
 */
export interface DepartureCase extends Versioned {
  id: string;
  personId: string;
  successorId?: string;
  requestedBy: string;
  effectiveAt: string;
  status: CaseStatus;
  accounts: Record<string, AccountResult>;
  openedAt?: string;
  /** Departure → all access revoked. */
  revokedAt?: string;
  /** Departure → every exposed login rotated (or handed to a person to finish). */
  rotatedAt?: string;
  reportedAt?: string;
  /** When the people it still waits on were last reminded (the review run does it, by its cadence). */
  remindedAt?: string;
  /** Set when nothing is left waiting on a person, and the final report is out. */
  closedAt?: string;
}

/** What the custodian's page posts (documented in the OpenAPI file; the page handler reads the same fields). */
export const custodyForm = z.object({ action: z.enum(['reveal', 'confirm']), csrf: z.string().min(16).max(128) });
