/** The reviews' words as plain values, for the console (no schemas, no zod). */

/** What a brand audit checks, and how its checklist says it. */
export const brandChecks = ['logo', 'colours', 'bio', 'links', 'handle'] as const;
export const brandCheckLabels: Record<(typeof brandChecks)[number], string> = {
  logo: 'Profile picture and banner use the current logo',
  colours: 'Colours follow the brand kit',
  bio: 'Bio and description are current and on-brand',
  links: 'Links point to official, working pages',
  handle: 'The handle and display name match the registry',
};
