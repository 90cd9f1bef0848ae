import { escapeHtml } from '../html.ts';
import { brandHeader, emailFrame, LINK_PAGE_CSS, readableTimes, type Look } from '../look.ts';
import type { Account, Person } from '../registry/model.ts';
import type { ApprovalRequest, StageState } from './model.ts';

/*
 * What a person reads about a request, on the confirmation page and in emails. Everything a user typed is
 * escaped where it is placed in HTML; the text versions carry it as plain text.
 */

/** Names of the people and accounts a request mentions, looked up once per page or email batch. */
export interface Directory {
  person(id: string): Person | undefined;
  account(id: string): Account | undefined;
}

export const personLabel = (directory: Directory, id: string) => {
  const person = directory.person(id);
  return person ? `${person.name} (${id})` : id;
};

const accountLabel = (directory: Directory, id: string) => {
  const account = directory.account(id);
  return account ? `${account.displayName}: ${account.platform} ${account.handle} (${id})` : id;
};

const KIND_TITLES: Record<ApprovalRequest['kind'], string> = {
  'access-request': 'Access request',
  'new-account': 'New official account',
  'successor-acceptance': 'Successor acceptance',
};

export const requestTitle = (request: ApprovalRequest) => `${KIND_TITLES[request.kind]} ${request.id}`;

/** The request's facts as label/value pairs, in the order a reviewer needs them. */
export function requestFacts(request: ApprovalRequest, directory: Directory): [string, string][] {
  const facts: [string, string][] = [['Requested by', personLabel(directory, request.requesterId)]];
  switch (request.kind) {
    case 'access-request':
      facts.push(
        ['Account', accountLabel(directory, request.accountId)],
        ['Role', request.subject.role],
        ['Shared login', request.subject.credentialAccess ? 'yes: may reveal the password' : 'no'],
        ['For', `${request.subject.durationDays} days`],
      );
      break;
    case 'new-account': {
      const a = request.subject;
      facts.push(['Platform', a.platform], ['Handle', a.handle], ['Display name', a.displayName], ['URL', a.url], ['Team', a.team], ['Owner', personLabel(directory, a.ownerId)], ['Purpose', a.purpose]);
      break;
    }
    case 'successor-acceptance':
      facts.push(['Successor', personLabel(directory, request.subject.successorId)], ['Accounts', request.subject.accountIds.map((id) => accountLabel(directory, id)).join('; ')]);
      if (request.subject.departingPersonId) facts.push(['Handed over by', personLabel(directory, request.subject.departingPersonId)]);
      break;
  }
  facts.push(['Risk tier', request.riskTier], ['Reason', request.reason], ['Requested at', request.createdAt]);
  return facts;
}

/** Every decision so far, stage by stage. */
export function decisionLines(request: ApprovalRequest, directory: Directory): string[] {
  return request.stages.flatMap((stage: StageState) =>
    stage.decisions.map((d) => `${stage.name}: ${d.decision === 'approve' ? 'approved' : 'rejected'} by ${personLabel(directory, d.approverId)} at ${d.at}${d.comment ? `: “${d.comment}”` : ''}`),
  );
}

const factsTable = (facts: [string, string][]) =>
  `<table>${facts.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;


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

/** The approve / reject form of an approval link. */
export const decisionForm = (csrf: string, approverLabel: string, stageName: string): PageForm => ({
  csrf,
  heading: 'Your decision',
  intro: `You decide as ${approverLabel} for the stage “${stageName}”. Nothing changes until you press a button.`,
  comment: true,
  buttons: [
    { name: 'decision', value: 'approve', label: 'Approve', style: 'approve' },
    { name: 'decision', value: 'reject', label: 'Reject', style: 'reject' },
  ],
});

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
