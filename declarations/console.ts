/**
 * The console's hosting, declared once: CloudFront's response headers policy on AWS and the local console
 * server send these same headers, and route the same paths to the API.
 */

/** Where the API sits on the console's origin; the prefix is taken off before the HTTP API sees the path. */
export const CONSOLE_API_PREFIX = '/api';

/** Pages reached from email links, served by the API under their own paths on the console's origin. */
export const LINK_PAGE_PREFIXES = ['/decide/', '/handover/', '/review/'] as const;

/**
 * A strict policy: scripts and styles only from the console's own files (Cloudscape sets some inline style
 * attributes, hence 'unsafe-inline' for styles, never for scripts), connections only to this origin and the
 * identity provider, no framing by anyone.
 */
export function contentSecurityPolicy(config: Pick<ConsoleConfig, 'authority' | 'logoUrl'>): string {
  const identityProviderOrigin = new URL(config.authority).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${config.logoUrl ? ` ${new URL(config.logoUrl).origin}` : ''}`,
    "font-src 'self' data:",
    `connect-src 'self' ${identityProviderOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The other security headers, on every response of the console's origin. */
export const securityHeaders = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** HTTPS only, on AWS (two years); the local cloud is plain HTTP on loopback, where browsers ignore it. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** What the console reads at start (`/console-config.json`): where to sign in, where the API is. */
export interface ConsoleConfig {
  /** The OpenID Connect issuer the API trusts. */
  authority: string;
  clientId: string;
  apiBase: string;
  companyName: string;
  /** An https URL of the company's logo for the top navigation (the emails' and link pages' too). */
  logoUrl?: string;
}
