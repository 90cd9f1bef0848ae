import { escapeHtml } from './html.ts';

/**
 * How Steward presents itself outside the console, in the console's look: the company's name and logo on
 * every email and link page, and times in the company's time zone, named. One set of colours and type,
 * Cloudscape's (the console's design system), so a page opened from an email looks like the console.
 */
export interface Look {
  readonly companyName: string;
  /** An https URL of the company's logo, shown beside its name (optional). */
  readonly logoUrl?: string;
  /** An IANA time zone (`Europe/Berlin`); emails cannot know the reader's, so times are said in this one. */
  readonly timeZone: string;
}

const palette = { ink: '#000716', muted: '#5f6b7a', line: '#c6c6cd', surface: '#ffffff', canvas: '#f2f3f3', header: '#0f141a', link: '#0972d3', success: '#037f0c', error: '#d91515', notice: '#f2f8fd' };
const font = "'Open Sans','Helvetica Neue',Roboto,Arial,sans-serif";

/** The link pages' stylesheet: a page header as the console's top navigation, a container as its cards. */
export const LINK_PAGE_CSS = [
  `body{margin:0;font:14px/1.43 ${font};color:${palette.ink};background:${palette.canvas}}`,
  `.top{background:${palette.header};color:#fff;padding:.75rem 1.5rem;font-weight:700;font-size:18px;display:flex;align-items:center;gap:.75rem}`,
  '.top img{height:28px}',
  `main{max-width:46rem;margin:1.5rem auto;padding:1.25rem 1.5rem;background:${palette.surface};border-radius:16px;box-shadow:0 1px 1px 1px #e9ebed}`,
  'h1{font-size:24px;line-height:30px;margin:0 0 1rem}h2{font-size:18px;margin:1.5rem 0 .5rem}',
  `th{text-align:left;padding:.25rem 1rem .25rem 0;vertical-align:top;white-space:nowrap;color:${palette.muted};font-weight:700}td{padding:.25rem 0}`,
  `textarea,input[type=text],input:not([type]){width:100%;box-sizing:border-box;font:inherit;padding:.4rem .6rem;border:2px solid ${palette.line};border-radius:8px}textarea{min-height:4rem}`,
  `fieldset{border:0;padding:0;margin:.75rem 0}legend{font-weight:700;margin-bottom:.25rem}`,
  `button{font:inherit;font-weight:700;padding:.4rem 1.25rem;margin:.25rem .5rem .25rem 0;border-radius:20px;border:2px solid ${palette.link};background:#fff;color:${palette.link};cursor:pointer}`,
  `.approve{background:${palette.link};color:#fff}.reject{border-color:${palette.error};color:${palette.error}}`,
  `.notice{padding:.75rem 1rem;background:${palette.notice};border-left:4px solid ${palette.link};border-radius:4px}`,
  '.secret{font-size:1.25rem;padding:.5rem;background:#fef9c3;user-select:all}',
].join('');

/** The header every link page and email opens with: the logo (if any) and the company's name, as in the console. */
export function brandHeader(look: Look, element: 'header' | 'td' = 'header'): string {
  const logo = look.logoUrl ? `<img src="${escapeHtml(look.logoUrl)}" alt="" height="28">` : '';
  return element === 'header'
    ? `<header class="top">${logo}<span>${escapeHtml(look.companyName)} · Steward</span></header>`
    : `<td style="background:${palette.header};color:#fff;padding:12px 24px;font:700 18px ${font}">${logo}${logo ? ' ' : ''}${escapeHtml(look.companyName)} · Steward</td>`;
}

/** An email's HTML body inside the console's frame: the header, then the content on a white card. */
export function emailFrame(bodyHtml: string, look: Look): string {
  return [
    `<!doctype html><html><body style="margin:0;background:${palette.canvas};font:14px/1.43 ${font};color:${palette.ink}">`,
    `<table role="presentation" width="100%" cellspacing="0" cellpadding="0"><tr>${brandHeader(look, 'td')}</tr>`,
    `<tr><td style="padding:16px"><div style="max-width:640px;margin:0 auto;background:${palette.surface};border-radius:16px;padding:16px 24px">${bodyHtml}</div></td></tr></table>`,
    '</body></html>',
  ].join('');
}

/** Whether `zone` names a time zone this runtime knows (an IANA name, or UTC). */
export const isTimeZone = (zone: string) => zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone);

/** One formatter per zone: building one is far dearer than using it, and every email and page uses one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    formatters.set(timeZone, format);
  }
  return format;
};

/** An ISO 8601 instant in UTC or with an offset, as the registry writes them (`2026-12-02T19:16:14.638Z`). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/**
 * Every instant in `text` said for a reader: "Wed 2 Dec 2026, 19:16 UTC" in the company's time zone, the
 * zone named. Applied to whole emails and pages, so no path that puts a time into words can forget it.
 */
export function readableTimes(text: string, timeZone: string): string {
  const format = formatterFor(timeZone);
  return text.replace(ISO_INSTANT, (instant) => {
    const at = new Date(instant);
    return Number.isNaN(at.getTime()) ? instant : format.format(at);
  });
}
