import { escapeHtml } from './html.ts';
import { brandHeader, LINK_PAGE_CSS, readableTimes, type Look } from './look.ts';

/*
 * The pages a signed link leads to (an approver's, a reviewer's, a custodian's): one HTML page for every
 * outcome, escaped where user text is placed.
 */

/** A field of a page's form: a choice between options (radio buttons) or a line or box of text. */
export type PageField =
  | { kind: 'choice'; name: string; label: string; options: { value: string; label: string }[]; value?: string }
  | { kind: 'text'; name: string; label: string; maxLength: number; multiline?: boolean; value?: string };

/** A form posting back to the page's own URL, with the page's CSRF value. */
export interface PageForm {
  csrf: string;
  heading?: string;
  intro?: string;
  /** A free-text comment field. */
  comment?: boolean;
  fields?: PageField[];
  buttons: { name: string; value: string; label: string; style?: 'approve' | 'reject' }[];
}

/** What a link page says: title, lead paragraphs, facts, decisions so far, and an optional form. */
export interface PageContent {
  title: string;
  /** Sentences shown first: what happened or what is asked. */
  lead: string[];
  facts?: [string, string][];
  decisions?: string[];
  /** A value shown once, set apart (a pending password on a custodian's page). */
  secret?: string;
  form?: PageForm;
}

/** What a link leads to: the page and its HTTP status. */
export interface LinkPage {
  status: number;
  content: PageContent;
}

/** A table of label / value pairs, escaped. */
export const factsTable = (facts: [string, string][]) =>
  `<table>${facts.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;

function renderField(field: PageField): string {
  const name = escapeHtml(field.name);
  if (field.kind === 'text') {
    const value = escapeHtml(field.value ?? '');
    const control = field.multiline
      ? `<textarea id="${name}" name="${name}" maxlength="${field.maxLength}">${value}</textarea>`
      : `<input id="${name}" name="${name}" maxlength="${field.maxLength}" value="${value}">`;
    return `<p><label for="${name}">${escapeHtml(field.label)}</label><br>${control}</p>`;
  }
  const options = field.options.map(
    (option, i) => `<label><input type="radio" id="${name}-${i}" name="${name}" value="${escapeHtml(option.value)}"${option.value === field.value ? ' checked' : ''}> ${escapeHtml(option.label)}</label>`,
  );
  return `<fieldset><legend>${escapeHtml(field.label)}</legend>${options.join(' ')}</fieldset>`;
}

/**
 * One HTML page for every outcome of a link, so each has a clear, styled, escaped answer, in the console's
 * look with the company's name, and its times said in the company's time zone.
 */
export function renderPage(content: PageContent, look: Look): string {
  const readable = (text: string) => readableTimes(text, look.timeZone);
  content = { ...content, title: readable(content.title), lead: content.lead.map(readable), facts: content.facts?.map(([label, value]) => [label, readable(value)]), decisions: content.decisions?.map(readable) };
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>${escapeHtml(content.title)}</title><style>${LINK_PAGE_CSS}</style></head><body>`,
    brandHeader(look),
    '<main>',
    `<h1>${escapeHtml(content.title)}</h1>`,
    ...content.lead.map((line) => `<p class="notice">${escapeHtml(line)}</p>`),
  ];
  if (content.facts) parts.push(factsTable(content.facts));
  if (content.decisions?.length) parts.push('<h2>Decisions so far</h2><ul>', ...content.decisions.map((d) => `<li>${escapeHtml(d)}</li>`), '</ul>');
  if (content.secret !== undefined) parts.push(`<p><code id="secret" class="secret">${escapeHtml(content.secret)}</code></p>`);
  const { form } = content;
  if (form) {
    parts.push(
      form.heading ? `<h2>${escapeHtml(form.heading)}</h2>` : '',
      form.intro ? `<p>${escapeHtml(form.intro)}</p>` : '',
      '<form method="post">',
      `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">`,
      ...(form.fields ?? []).map(renderField),
      form.comment ? '<label for="comment">Comment (optional)</label><textarea id="comment" name="comment" maxlength="1000"></textarea>' : '',
      `<p>${form.buttons.map((b) => `<button${b.style ? ` class="${b.style}"` : ''} type="submit" name="${escapeHtml(b.name)}" value="${escapeHtml(b.value)}">${escapeHtml(b.label)}</button>`).join('')}</p>`,
      '</form>',
    );
  }
  parts.push('</main></body></html>');
  return parts.join('');
}
