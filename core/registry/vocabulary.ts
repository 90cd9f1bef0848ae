/**
 * The registry's words: the platforms, tiers and statuses every layer names. Plain values without zod, so the
 * console can show them without downloading the schemas (`model.ts` builds its schemas on these).
 */
export const platforms = ['x', 'facebook', 'instagram', 'linkedin', 'youtube', 'tiktok', 'threads', 'bluesky', 'mastodon', 'reddit', 'internal-community', 'other'] as const;
export const riskTiers = ['low', 'medium', 'high', 'critical'] as const;
export const accountStatuses = ['requested', 'active', 'suspended', 'retired'] as const;
export const grantRoles = ['owner', 'admin', 'publisher', 'viewer'] as const;
export const personStatuses = ['active', 'departed'] as const;
