import type { LocalCloudUrls } from '../../local/cloud.ts';
import { accountBody, callerAs, personBody, uniqueId, type Caller } from './api.ts';
import { assertLoopback, eventually } from './clients.ts';
import { inboxMessages, type InboxMessage } from './inbox.ts';

/**
 * What the approval tests share: people and an account of a given risk tier, the emails an approver gets,
 * and the link pages fetched the way a browser (or a scanner) fetches them.
 */
export async function approvalFixture(cloud: LocalCloudUrls, riskTier: 'low' | 'medium' | 'high' | 'critical' = 'low') {
  const adminId = uniqueId('admin');
  const admin = await callerAs(cloud, adminId, ['admin', 'hr']);
  const add = async (prefix: string, extra: Record<string, unknown> = {}) => {
    const id = uniqueId(prefix);
    const response = await admin('POST', '/people', { body: personBody(id, extra) });
    if (response.status !== 201) throw new Error(`person ${id}: ${response.status} ${response.text}`);
    return id;
  };
  const ownerId = await add('owner');
  const requesterId = await add('requester');
  const accountResponse = await admin('POST', '/accounts', { body: accountBody(ownerId, { riskTier }) });
  if (accountResponse.status !== 201) throw new Error(`account: ${accountResponse.text}`);
  const requester = await callerAs(cloud, requesterId, ['employee']);
  return { admin, add, ownerId, requesterId, requester, account: accountResponse.body as { id: string; riskTier: string } };
}

export async function requestAccess(requester: Caller, body: Record<string, unknown>) {
  const response = await requester('POST', '/access-requests', { body: { role: 'publisher', reason: 'covering the launch', ...body } });
  if (response.status !== 201) throw new Error(`access request: ${response.status} ${response.text}`);
  return response.body as { id: string };
}

/** The newest email to this person whose subject names the request (and matches `subject`, when given). */
export async function emailTo(cloud: LocalCloudUrls, personId: string, requestId: string, subject?: RegExp): Promise<InboxMessage> {
  return eventually(async () => {
    const found = (await inboxMessages(cloud.inboxUrl)).filter((m) => m.to.some((t) => t.address === `${personId}@example.com`) && m.subject.includes(requestId) && (!subject || subject.test(m.subject)));
    return found.at(-1);
  }, `an email to ${personId} about ${requestId}${subject ? ` (${subject})` : ''}`);
}

export const linkIn = (message: InboxMessage): string => {
  const link = /https?:\/\/\S+\/decide\/[A-Za-z0-9._-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`no approval link in "${message.subject}"`);
  return assertLoopback(link);
};

export async function linkFor(cloud: LocalCloudUrls, personId: string, requestId: string, subject = /^Approval needed/): Promise<string> {
  return linkIn(await emailTo(cloud, personId, requestId, subject));
}

export interface LinkResponse {
  status: number;
  html: string;
  headers: Headers;
}

/** GET (or HEAD) of a link, as a browser or a scanner does it; returns the page and the form's CSRF pair. */
export async function openLink(link: string, init: RequestInit = {}): Promise<LinkResponse & { cookie?: string; csrf?: string }> {
  const response = await fetch(link, { redirect: 'manual', ...init });
  const html = await response.text();
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('steward_csrf='))?.split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, html, headers: response.headers, cookie, csrf };
}

/** POSTs a link page's form the way the page itself does (same origin, with the page's cookie and CSRF value). */
export async function postPageForm(link: string, fields: Record<string, string>, page: { csrf?: string; cookie?: string }, headers: Record<string, string> = {}): Promise<LinkResponse> {
  const body = new URLSearchParams({ ...fields, ...(page.csrf ? { csrf: page.csrf } : {}) });
  const response = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(link).origin, 'sec-fetch-site': 'same-origin', ...(page.cookie ? { cookie: page.cookie } : {}), ...headers },
    body,
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** POSTs the confirmation form the way the page's own form does (same origin, with the page's cookie). */
export const postDecision = (link: string, form: { decision: string; comment?: string; csrf?: string; cookie?: string }, headers: Record<string, string> = {}) =>
  postPageForm(link, { decision: form.decision, ...(form.comment ? { comment: form.comment } : {}) }, form, headers);

/** Opens the link and decides on its page, as one approver would. */
export async function decideByLink(link: string, decision: 'approve' | 'reject', comment?: string): Promise<LinkResponse> {
  const page = await openLink(link);
  if (page.status !== 200 || !page.csrf) throw new Error(`the link page answered ${page.status}: ${page.html.slice(0, 300)}`);
  return postDecision(link, { decision, comment, csrf: page.csrf, cookie: page.cookie });
}

export async function approvalOf(caller: Caller, id: string) {
  const response = await caller('GET', `/approvals/${id}`);
  if (response.status !== 200) throw new Error(`approval ${id}: ${response.status} ${response.text}`);
  return response.body;
}

/** Waits until the request reaches a status (the workflow moves it asynchronously). */
export async function approvalWithStatus(caller: Caller, id: string, status: string, timeoutMs?: number) {
  return eventually(async () => {
    const request = await approvalOf(caller, id);
    return request.status === status && request.outcome?.requesterNotifiedAt ? request : undefined;
  }, `approval ${id} to be ${status}`, timeoutMs);
}

/** Waits until the request's current stage is pending with links sent (the workflow's first steps are asynchronous). */
export async function stageNotified(caller: Caller, id: string, stage = 0) {
  return eventually(async () => {
    const request = await approvalOf(caller, id);
    const current = request.stages[stage];
    return request.currentStage === stage && current?.status === 'pending' && current.notifiedRound === current.round ? request : undefined;
  }, `stage ${stage} of ${id} to be notified`);
}

export { uniqueId };
