/** The reviews' words as plain values, for the console (no schemas, no zod). */

/** What a brand audit checks, and how its checklist says it. */
export const brandChecks = ['logo', 'colours', 'bio', 'links', 'handle'] as const;
/** Each brand check as the checklist asks it. */
export const brandCheckLabels: Record<(typeof brandChecks)[number], string> = {
  logo: 'Profile picture and banner use the current logo',
  colours: 'Colours follow the brand kit',
  bio: 'Bio and description are current and on-brand',
  links: 'Links point to official, working pages',
  handle: 'The handle and display name match the registry',
};

/** The single points of failure the sweeps find on an account, and how the console names them. */
export const findingCodes = [
  'no-owner',
  'owner-departed',
  'no-backup-owner',
  'backup-departed',
  'too-few-native-admins',
  'recovery-email-not-company',
  'recovery-phone-not-company',
  'no-second-factor',
  'control-held-by-departed',
] as const;
/** A kind of finding (a single point of failure) a review records. */
export type FindingCode = (typeof findingCodes)[number];
/** Each kind of finding as pages and the digest say it. */
export const findingLabels: Record<FindingCode, string> = {
  'no-owner': 'No owner',
  'owner-departed': 'Owner has left',
  'no-backup-owner': 'No backup owner',
  'backup-departed': 'Backup owner has left',
  'too-few-native-admins': 'Too few native admins',
  'recovery-email-not-company': 'Recovery email not the company’s',
  'recovery-phone-not-company': 'Recovery phone not the company’s',
  'no-second-factor': 'No second factor',
  'control-held-by-departed': 'A control held by someone who left',
};
