import { randomBytes, timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import type { LinkPage } from '../../core/messaging/pages.ts';
import { renderPage } from '../../core/messaging/pages.ts';
import { StewardError } from '../../core/errors.ts';
import type { HttpEvent, HttpResult } from './http.ts';
import { logger } from './logger.ts';
import { lookFromEnvironment } from './look.ts';

/**
 * Pages behind signed email links (approvals, custody of a new password): GET and HEAD only show, whoever
 * fetches them (link scanners included); a POST must come from the page itself: the form's hidden value has
 * to match a SameSite=Strict cookie the GET set, and a browser's Origin / Sec-Fetch-Site must be our own.
 * Every outcome is an HTML page; none answers with a stack trace.
 */
const CSRF_COOKIE = 'steward_csrf';
const MAX_FORM_BYTES = 8 * 1024;

const look = lookFromEnvironment();

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Images only from where the company's logo is (if it has one); nothing else loads from anywhere.
  'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; ${look.logoUrl ? `img-src ${new URL(look.logoUrl).origin}; ` : ''}form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the form's own POST.
  'referrer-policy': 'same-origin',
  'x-robots-tag': 'noindex, nofollow',
};

const respond = (page: LinkPage, options: { head?: boolean; cookie?: string } = {}): HttpResult => ({
  statusCode: page.status,
  headers: HEADERS,
  ...(options.cookie ? { cookies: [options.cookie] } : {}),
  body: options.head ? '' : renderPage(page.content, look),
});

const cookieValue = (event: HttpEvent, name: string) =>
  event.cookies
    ?.map((c) => c.split('='))
    .find(([key]) => key?.trim() === name)?.[1]
    ?.trim();

const forbidden: LinkPage = {
  status: 403,
  content: { title: 'This form could not be verified', lead: ['The form did not come from the page Steward showed you (or your browser blocked its cookie). Nothing was changed. Open the link from your email again and use that page.'] },
};

const badForm: LinkPage = { status: 400, content: { title: 'This form could not be read', lead: ['Send the form from the page Steward showed you. Nothing was changed.'] } };

/**
 * The page's own origin: the host the request came to, or the public origin the links point at. Behind
 * CloudFront the API sees its own execute-api host, while the browser's Origin is the console's domain.
 */
const publicHost = URL.canParse(process.env.PUBLIC_URL ?? '') ? new URL(process.env.PUBLIC_URL!).host : undefined;

/** A cross-site POST, or one without the cookie the page set, is refused before anything is read. */
function sameSite(event: HttpEvent, form: URLSearchParams): boolean {
  const fetchSite = event.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = event.headers.origin;
  if (origin !== undefined && !URL.canParse(origin)) return false;
  if (origin !== undefined && new URL(origin).host !== event.headers.host && new URL(origin).host !== publicHost) return false;
  const cookie = cookieValue(event, CSRF_COOKIE);
  const field = form.get('csrf');
  if (!cookie || !field || cookie.length !== field.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}

function formOf(event: HttpEvent): URLSearchParams | undefined {
  const type = event.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded(;|$)/i.test(type) || !event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(raw.toString('utf8'));
}

export interface LinkPages {
  /** Where the CSRF cookie applies, e.g. `/decide/`. */
  path: string;
  /** GET: show; must not change anything. */
  view(token: string, csrf: string): Promise<LinkPage>;
  /** POST from the page (already checked for CSRF). */
  post(token: string, form: URLSearchParams, csrf: string): Promise<LinkPage>;
}

export function linkPagesHandler(pages: LinkPages) {
  return middy(async (event: HttpEvent): Promise<HttpResult> => {
    const token = event.pathParameters?.token ?? '';
    const method = event.requestContext.http.method;
    try {
      const existing = cookieValue(event, CSRF_COOKIE);
      const csrf = existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
      if (method === 'POST') {
        const form = formOf(event);
        if (!form) return respond(badForm);
        if (!sameSite(event, form)) return respond(forbidden);
        return respond(await pages.post(token, form, csrf));
      }
      const secure = (event.headers['x-forwarded-proto'] ?? 'http') === 'https' ? '; Secure' : '';
      const cookie = csrf === existing ? undefined : `${CSRF_COOKIE}=${csrf}; Path=${pages.path}; HttpOnly; SameSite=Strict; Max-Age=86400${secure}`;
      return respond(await pages.view(token, csrf), { head: method === 'HEAD', cookie });
    } catch (error) {
      if (error instanceof StewardError && error.expose) return respond({ status: error.statusCode, content: { title: 'This request could not be handled', lead: [error.message, 'Nothing was changed.'] } });
      // Names and DynamoDB cancellation codes only: messages of unknown errors may quote input.
      const cancellationReasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.map((r) => r.Code);
      logger.error('link page failed', { errorName: error instanceof Error ? error.name : 'unknown', ...(cancellationReasons ? { cancellationReasons } : {}) });
      return respond({ status: 503, content: { title: 'Steward could not answer just now', lead: ['Nothing was changed. Please open the link again in a minute.'] } });
    }
  });
}
