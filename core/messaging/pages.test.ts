import { describe, expect, it } from 'vitest';
import { composeEmail, presentEmail } from './email.ts';
import { escapeHtml } from './html.ts';
import { readableTimes } from './look.ts';
import { renderPage } from './pages.ts';

describe('the confirmation page', () => {
  it('escapes every piece of user text it shows', () => {
    const hostile = `<script>alert(1)</script>"'\`=&<img src=x onerror=alert(2)>`;
    const look = { companyName: hostile, logoUrl: `https://cdn.example.com/logo.png"${hostile}`, timeZone: 'UTC' };
    const html = renderPage({ title: hostile, lead: [hostile], facts: [[hostile, hostile]], decisions: [hostile], secret: hostile, form: { csrf: hostile, buttons: [{ name: 'action', value: hostile, label: hostile }] } }, look);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<img(?! src="https:\/\/cdn\.example\.com\/logo\.png&#34;)/);
    expect(html).not.toMatch(/value="[^"]*"[^>]*"/);
    // Title (twice: <title> and <h1>), lead, fact label and value, decision, secret, CSRF value, button value and
    // label, the company's name in the header, and its logo's address.
    expect(html.split(escapeHtml(hostile)).length - 1).toBe(12);
    const email = presentEmail(composeEmail('a@example.com', hostile, [hostile], [[hostile, hostile]], { label: hostile, url: hostile }), look);
    expect(email.html).not.toContain('<script>');
    // The line, the fact's label and value, the link's address and label, the company's name and its logo's address.
    expect(email.html.split(escapeHtml(hostile)).length - 1).toBe(7);
  });
});

describe('times in emails and on link pages', () => {
  it('are said in the company time zone, the zone named, wherever they appear', () => {
    const look = { companyName: 'Example Corp', timeZone: 'Europe/Berlin' };
    const email = presentEmail(composeEmail('a@example.com', 'Due 2026-12-02T19:16:14.638Z', ['Decide by 2026-12-02T19:16:14Z.'], [['Deadline', '2026-07-01T08:00:00+00:00']]), look);
    expect(email.subject).toBe('Due Wed, 2 Dec 2026, 20:16 CET');
    expect(email.text).toContain('Decide by Wed, 2 Dec 2026, 20:16 CET.');
    expect(email.text).toContain('Deadline: Wed, 1 Jul 2026, 10:00 CEST');
    expect(email.html).toContain('Example Corp · Steward');
    expect(email.html).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const page = renderPage({ title: 'Review', lead: ['Completed 2026-12-02T19:16:14.638Z by x'], facts: [['Deadline', '2026-12-03T00:00:00.000Z']] }, { ...look, timeZone: 'UTC' });
    expect(page).toContain('Completed Wed, 2 Dec 2026, 19:16 UTC by x');
    expect(page).toContain('Thu, 3 Dec 2026, 00:00 UTC');
    // A date without a time (a training expiry) is a day everywhere, and stays as it is.
    expect(readableTimes('until 2027-12-31', 'Asia/Tokyo')).toBe('until 2027-12-31');
  });
});
