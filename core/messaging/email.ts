import { escapeHtml } from './html.ts';
import { emailFrame, readableTimes, type Look } from './look.ts';
import { factsTable } from './pages.ts';

/** An email, as Steward sends it: plain text with an HTML twin, both built from escaped parts. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one email (SES on AWS and on the local cloud). */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** An email: the text and HTML bodies say the same, from the same parts. The sender frames it (`presentEmail`). */
export function composeEmail(to: string, subject: string, lines: string[], facts: [string, string][] = [], link?: { label: string; url: string }) {
  const text = [...lines, '', ...facts.map(([label, value]) => `${label}: ${value}`), ...(link ? ['', `${link.label}: ${link.url}`] : [])].join('\n');
  const html = [
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    facts.length ? factsTable(facts) : '',
    link ? `<p><a href="${escapeHtml(link.url)}" style="display:inline-block;padding:6px 20px;border-radius:20px;background:#0972d3;color:#fff;font-weight:700;text-decoration:none">${escapeHtml(link.label)}</a></p>` : '',
  ].join('');
  return { to, subject, text, html };
}

/** An email as it is sent: in the console's frame with the company's name, its times in the company's zone. */
export function presentEmail<T extends { subject: string; text: string; html: string }>(email: T, look: Look): T {
  const readable = (text: string) => readableTimes(text, look.timeZone);
  return { ...email, subject: readable(email.subject), text: readable(email.text), html: emailFrame(readable(email.html), look) };
}
