import * as z from 'zod';
import { reasonItCannotFire } from '../schedule-expression.ts';
import { text } from '../validation.ts';
import { roles, type Role } from '../auth.ts';

/**
 * The registry's entities, as zod schemas: the types come from the schemas, and the same schemas validate
 * API input and describe the API in the OpenAPI document. Objects are strict: an unknown field is an error,
 * not something silently dropped.
 */

import { accountStatuses, grantRoles, personStatuses, platforms, riskTiers } from './vocabulary.ts';

export { accountStatuses, grantRoles, personStatuses, platforms, riskTiers };

/** An account's risk tier: it sets the account's approvals, review cadences and grant lengths. */
export type RiskTier = (typeof riskTiers)[number];
/** The named review cadences of a policy (anything else is a cron expression). */
export const reviewCadences = ['quarterly', 'half-yearly', 'annual'] as const;
/** A named cadence, or an EventBridge-style cron expression (`cron(0 9 1 1,7 ? *)`: 1 January and 1 July). */
export const reviewCadence = z.union([
  z.enum(reviewCadences),
  z
    .string()
    .max(100)
    .regex(/^cron\([0-9*?,/LW#A-Z -]+\)$/, 'quarterly, half-yearly, annual, or cron(minutes hours day-of-month month day-of-week year)')
    .superRefine((expression, check) => {
      // Checked when written: a cadence that never fires would leave the policy's review waiting forever.
      const reason = reasonItCannotFire(expression);
      if (reason) check.addIssue({ code: 'custom', message: `${reason} (the form is cron(minutes hours day-of-month month day-of-week year), year "*", one of day-of-month and day-of-week "?")` });
    }),
]);

/** Ids are chosen by HR (people) or generated (the rest); a narrow alphabet keeps them safe in keys and URLs. */
export const entityId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, at most 63 characters');
/**
 * A platform handle in ASCII (no platform we list allows look-alike letters in handles): `@name`, or
 * `@name@instance` for Mastodon-style handles.
 */
const handle = z.string().trim().max(100).regex(/^@?[A-Za-z0-9_.-]+(@[A-Za-z0-9.-]+)?$/, 'ASCII letters, digits, _ . -, as @name or @name@instance');
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const dateOrDateTime = z.union([isoDate, isoDateTime]);
const httpsUrl = z.url({ protocol: /^https?$/ }).max(2048);
const email = z.email().max(254).transform((value) => value.toLowerCase());

const staffRoles = z.array(z.enum(roles)).max(roles.length).transform((list) => [...new Set(list)].sort());

/** A person as HR adds them (one at a time or by import); the status starts active. */
export const personInput = z.strictObject({
  id: entityId,
  email,
  name: text(200),
  managerId: entityId.optional(),
  team: text(100),
  trainingCompletedAt: isoDate.optional(),
  trainingExpiresAt: isoDate.optional(),
  /** The roles the registry allows this person; a token's roles count only where listed here (absent: all). */
  roles: staffRoles.optional(),
});

/** What a change to a person may set; `null` clears an optional field. */
export const personPatch = z.strictObject({
  email: email.optional(),
  name: text(200).optional(),
  managerId: entityId.nullable().optional(),
  team: text(100).optional(),
  status: z.enum(personStatuses).optional(),
  trainingCompletedAt: isoDate.nullable().optional(),
  trainingExpiresAt: isoDate.nullable().optional(),
  roles: staffRoles.nullable().optional(),
});

const controlHolder = z.strictObject({
  /** The person who holds it, when it is one of ours. */
  holderId: entityId.optional(),
  /** What it is (an address, a number, a device); never a secret. */
  detail: text(254).optional(),
  companyControlled: z.boolean(),
});

/** What keeps the company from being locked out of the account on the platform's side. */
export const platformControl = z.strictObject({
  nativeAdmins: z.array(z.strictObject({ personId: entityId.optional(), name: text(200) })).max(50).default([]),
  recoveryEmail: controlHolder.optional(),
  recoveryPhone: controlHolder.optional(),
  twoFactor: z.strictObject({ method: z.enum(['none', 'sms', 'totp', 'security-key', 'platform-app']), holderId: entityId.optional() }).optional(),
});

/** An account's link to a policy, at the document version the account was checked against. */
export const policyLink = z.strictObject({ policyId: entityId, version: text(40) });

/** An account as the governance team adds it, or as a proposal names it (created once the proposal's approval ends well). */
export const accountInput = z.strictObject({
  platform: z.enum(platforms),
  handle,
  platformAccountId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits and _ . : -'),
  displayName: text(200),
  url: httpsUrl,
  scope: z.enum(['internal', 'external']),
  purpose: text(1000),
  team: text(100),
  ownerId: entityId,
  backupOwnerId: entityId.optional(),
  riskTier: z.enum(riskTiers),
  status: z.enum(['requested', 'active']).default('active'),
  policies: z.array(policyLink).max(50).default([]),
  brandKitRef: text(500).optional(),
  /** When the last brand audit and access recertification were done: a date, or the moment a review recorded it. */
  lastBrandAuditAt: dateOrDateTime.optional(),
  lastRecertifiedAt: dateOrDateTime.optional(),
  platformControl: platformControl.default({ nativeAdmins: [] }),
});

/** What a change to an account may set (its owner may set only some: accounts.ts); `null` clears an optional field. */
export const accountPatch = z.strictObject({
  handle: handle.optional(),
  displayName: text(200).optional(),
  url: httpsUrl.optional(),
  scope: z.enum(['internal', 'external']).optional(),
  purpose: text(1000).optional(),
  team: text(100).optional(),
  ownerId: entityId.optional(),
  backupOwnerId: entityId.nullable().optional(),
  riskTier: z.enum(riskTiers).optional(),
  status: z.enum(['active', 'suspended']).optional(),
  policies: z.array(policyLink).max(50).optional(),
  brandKitRef: text(500).nullable().optional(),
  lastBrandAuditAt: dateOrDateTime.nullable().optional(),
  platformControl: platformControl.optional(),
});

/** The accounts list's filters (query parameters): a word outside the registry's vocabulary is a 400, not an empty page. */
export const accountFilter = z.strictObject({
  platform: z.enum(platforms).optional(),
  team: text(100).optional(),
  status: z.enum(accountStatuses).optional(),
  riskTier: z.enum(riskTiers).optional(),
});

/** A grant of a role on an account; `credentialAccess` lets its holder reveal the shared login. */
export const grantInput = z.strictObject({
  personId: entityId,
  role: z.enum(grantRoles),
  credentialAccess: z.boolean().default(false),
  expiresAt: isoDateTime.optional(),
  reason: text(500),
  approvalId: entityId.optional(),
});

/** Why a grant ends: it goes into the audit event and onto the grant. */
export const revokeInput = z.strictObject({ reason: text(500) });
/** Why an account is retired: it goes onto the account and onto every grant its retirement ends. */
export const retireInput = z.strictObject({ reason: text(500) });

/** Why someone needs to see a shared login: it goes into the audit event of the reveal. */
export const revealInput = z.strictObject({ reason: text(500) });

/** A shared login as it is stored in the vault; never in the registry, which keeps only a reference. */
export const credentialInput = z.strictObject({
  username: text(254),
  password: z.string().min(1).max(1024),
  totpSeed: z.string().regex(/^[A-Z2-7]+=*$/, 'base32 (A-Z, 2-7)').max(256).optional(),
  recoveryCodes: z.array(z.string().min(1).max(100)).max(50).optional(),
});

/** A policy or guideline, with what it covers (for the comments of its review) and when it is next reviewed. */
export const policyInput = z.strictObject({
  id: entityId,
  title: text(200),
  kind: z.enum(['policy', 'guideline']),
  /** The document's own version ("2.1"); `version` on stored entities is the record's revision. */
  documentVersion: text(40),
  documentUrl: httpsUrl,
  covers: z.strictObject({
    all: z.boolean().default(false),
    platforms: z.array(z.enum(platforms)).max(platforms.length).default([]),
    teams: z.array(text(100)).max(100).default([]),
    accountIds: z.array(entityId).max(500).default([]),
  }),
  reviewCadence,
  ownerId: entityId,
  /** People asked for comments when the policy is reviewed. */
  reviewerIds: z.array(entityId).max(20).default([]),
  nextReviewAt: isoDate,
});

/** What a change to a policy may set: any field but its id. */
export const policyPatch = policyInput.omit({ id: true }).partial().strict();

/** A person as `personInput` reads it. */
export type PersonInput = z.output<typeof personInput>;
/** An account as `accountInput` reads it (defaults applied). */
export type AccountInput = z.output<typeof accountInput>;
/** A grant as `grantInput` reads it. */
export type GrantInput = z.output<typeof grantInput>;
/** A shared login's value, as the vault holds it. */
export type CredentialInput = z.output<typeof credentialInput>;
/** A policy as `policyInput` reads it (defaults applied). */
export type PolicyInput = z.output<typeof policyInput>;
/** Who holds the platform-side controls of an account. */
export type PlatformControl = z.output<typeof platformControl>;

/** Every stored entity carries a version for optimistic concurrency and who/when it last changed. */
export interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A person of the registry: staff as HR keeps them, and what departures and training expiry record on them. */
export interface Person extends Versioned, Omit<PersonInput, 'managerId' | 'trainingCompletedAt' | 'trainingExpiresAt' | 'roles'> {
  status: (typeof personStatuses)[number];
  /**
   * When a departure on its way takes effect: set with the departure request, so from then on nothing new is
   * assigned to the person, and from that moment on they can no longer act.
   */
  leavingAt?: string;
  roles?: Role[];
  managerId?: string;
  trainingCompletedAt?: string;
  trainingExpiresAt?: string;
  /** The training expiry the person was told about ahead of time. */
  trainingNoticeFor?: string;
  /** The training expiry whose lapse ended the person's credential rights. */
  trainingLapsedFor?: string;
}

/** Where an account's login is (a secret and its version) and who set it when: the registry never holds the value. */
export interface CredentialRef {
  secretArn: string;
  versionId: string;
  setAt: string;
  setBy: string;
}

/** An official account of the company on a platform, with its owners, risk tier, policies and login reference. */
export interface Account extends Versioned, Omit<AccountInput, 'status' | 'backupOwnerId' | 'brandKitRef' | 'lastBrandAuditAt' | 'lastRecertifiedAt'> {
  id: string;
  status: (typeof accountStatuses)[number];
  backupOwnerId?: string;
  brandKitRef?: string;
  lastBrandAuditAt?: string;
  lastRecertifiedAt?: string;
  /** The last brand audit's verdict. */
  brandAuditStatus?: 'passed' | 'findings';
  credential?: CredentialRef;
  retiredAt?: string;
  retiredReason?: string;
}

/** A person's role on an account, live while active and before its expiry; ended grants stay, revoked, for the record. */
export interface Grant extends Versioned {
  id: string;
  accountId: string;
  personId: string;
  role: (typeof grantRoles)[number];
  credentialAccess: boolean;
  grantedBy: string;
  reason: string;
  approvalId?: string;
  expiresAt?: string;
  /** When the holder was told the grant is about to expire. */
  expiryNoticeAt?: string;
  status: 'active' | 'revoked';
  revokedBy?: string;
  revokedAt?: string;
  revokedReason?: string;
}

/** A grant ended: by whom, why and when, as every way of ending one records it (the next version of `grant`). */
export const revokedGrant = (grant: Grant, revocation: { by: string; reason: string; at: string }): Grant => ({
  ...grant,
  status: 'revoked',
  revokedAt: revocation.at,
  revokedBy: revocation.by,
  revokedReason: revocation.reason,
  version: grant.version + 1,
  updatedAt: revocation.at,
});

/** A stored policy: its input and its record's version. */
export interface Policy extends Versioned, PolicyInput {}

/**
 * How a person came to know (or could know) an account's login: revealed it, set it, was shown a new one as a
 * custodian, or broke glass. Each path that shows, sets or hands over a value records one, with its audit event.
 */
export const exposureWays = ['reveal', 'set', 'custody', 'break-glass'] as const;
/** One of the ways a person came to know a login. */
export type ExposureWay = (typeof exposureWays)[number];

/** A person saw or could see an account's login: what an offboarding must rotate (the exposure ledger). */
export interface Exposure {
  personId: string;
  accountId: string;
  firstAt: string;
  lastAt: string;
  /** How many times the value was shown or taken. */
  reveals: number;
  /** The secret version the person last knew, and how they came to know it. */
  lastVersionId?: string;
  lastWay?: ExposureWay;
  ways?: ExposureWay[];
}
