/**
 * The registry's words: the platforms, tiers and statuses every layer names. Plain values without zod, so the
 * console can show them without downloading the schemas (`model.ts` builds its schemas on these).
 */
export const platforms = ['x', 'facebook', 'instagram', 'linkedin', 'youtube', 'tiktok', 'threads', 'bluesky', 'mastodon', 'reddit', 'internal-community', 'other'] as const;
/** How much harm misuse of an account could do; the tier sets approvals, review cadences and grant lengths. */
export const riskTiers = ['low', 'medium', 'high', 'critical'] as const;
/** An account's life: requested, active, suspended, retired. */
export const accountStatuses = ['requested', 'active', 'suspended', 'retired'] as const;
/** What a grant lets its holder do on an account. */
export const grantRoles = ['owner', 'admin', 'publisher', 'viewer'] as const;
/** A person is on staff (active) or has left (departed). */
export const personStatuses = ['active', 'departed'] as const;
