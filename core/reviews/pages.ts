import type { ReviewWrite } from './ports.ts';
import { verifyLink, type LinkPage, type PageField, type PageForm } from '../messaging/index.ts';
import type { Principal } from '../auth.ts';
import { ConflictError, ForbiddenError, RuleViolationError, ValidationError } from '../errors.ts';
import { auditEntry, found, isOnStaff, stamp } from '../registry/index.ts';
import type { Account, Policy } from '../registry/model.ts';

import { parseInput } from '../validation.ts';
import { brandAuditForm, brandCheckLabels, brandChecks, policyCloseForm, recertificationForm, reviewAnswerInput, type Review, type ReviewComment } from './model.ts';
import type { ReviewContext } from './ports.ts';
import { accountLabel, completeReview, mayAnswer, reviewTitle, reviewerPrincipal, subjectLabel } from './reviews.ts';
import { endGrant, nextPolicyReview } from './sweeps.ts';

/**
 * The pages behind review links. As with approvals, GET only shows (a scanner that follows the link changes
 * nothing) and the page's own POST answers; the link names one review and one person, and the review's state
 * decides what that person may still do.
 */
const page = (status: number, title: string, ...lead: string[]): LinkPage => ({ status, content: { title, lead } });
const INVALID = page(400, 'This link is not valid', 'Use the link from your email exactly as it came. Nothing was changed.');
const MAX_COMMENTS = 200;

type Opened = { review: Review; personId: string; title: string } | LinkPage;

async function open(ctx: ReviewContext, link: string): Promise<Opened> {
  const verdict = await verifyLink(ctx.links, link, ctx.now());
  if (!verdict.ok) return verdict.reason === 'expired' ? page(410, 'This link has expired', 'The review has moved on; whoever answers it now has been emailed. Nothing was changed.') : INVALID;
  const review = await ctx.store.getReview(verdict.claims.requestId);
  const personId = verdict.claims.approverId;
  // A policy review's comment links go to everyone it applies to: a link Steward signed for this review is enough.
  if (!review || !(mayAnswer(review, personId) || review.kind === 'policy')) return INVALID;
  if (!isOnStaff(await ctx.store.getPerson(personId), ctx.now())) return page(403, 'You can no longer answer this', 'Only people still on staff review for the company. Nothing was changed; the review goes to someone else.');
  return { review, personId, title: reviewTitle(review, await subjectLabel(ctx, review)) };
}

const doneFacts = (review: Review): [string, string][] => [
  ['Completed', `${review.completedAt} by ${review.completedBy}`],
  ['Outcome', review.outcome ?? ''],
];

function completedPage(opened: { review: Review; title: string }): LinkPage {
  return { status: 200, content: { title: opened.title, lead: ['This review is complete. Thank you.'], facts: doneFacts(opened.review) } };
}

const commentLines = (comments: ReviewComment[] | undefined) => (comments ?? []).map((c) => `${c.by} at ${c.at}: ${c.text}`);

/**
 * The console's answer to a review, by the signed-in person in place of a link's claims: the same fields as the
 * link page's form (as JSON), the same rules, the same outcome. Refusals come back as API errors.
 */
export async function answerAsReviewer(ctx: ReviewContext, principal: Principal, reviewId: string, body: unknown): Promise<{ message: string; review: Review }> {
  const { answers } = parseInput(reviewAnswerInput, body, 'answer');
  const review = await ctx.store.getReview(reviewId);
  // As for reading it: whether a review exists is for those it asks (any employee may comment on a policy).
  if (!review || !(mayAnswer(review, principal.personId) || review.kind === 'policy')) throw new ForbiddenError('this review does not ask you; answer the reviews assigned to you');
  if (review.status === 'completed') throw new ConflictError(`this review is already complete: ${review.outcome ?? ''}`.trim());
  if (review.kind === 'policy' && answers.action !== 'comment' && !mayAnswer(review, principal.personId)) throw new ForbiddenError("only the policy's reviewer may publish or confirm it; anyone may comment");
  if (review.kind === 'credential-age') throw new RuleViolationError('a login-age review asks nothing of anyone: the login is being rotated');
  const answered = await answer(ctx, principal, review, new URLSearchParams(answers), reviewTitle(review, await subjectLabel(ctx, review)));
  const message = answered.content.lead.join(' ');
  if (answered.status === 409) throw new ConflictError(message);
  if (answered.status >= 400) throw new ValidationError(message);
  return { message, review: found(await ctx.store.getReview(reviewId), `review ${reviewId}`) };
}

/**
 * The page a review link opens: the review's form for its assignee while it is open, what was decided once it
 * is done.
 */
export async function viewReview(ctx: ReviewContext, link: string, csrf: string): Promise<LinkPage> {
  const opened = await open(ctx, link);
  if ('status' in opened) return opened;
  const { review, personId, title } = opened;
  if (review.status === 'completed') return completedPage(opened);
  const facts: [string, string][] = [['Deadline', review.dueAt], ['Assigned to', review.assigneeId]];
  switch (review.kind) {
    case 'recertification': {
      if (!mayAnswer(review, personId)) return INVALID;
      const account = found(await ctx.store.getAccount(review.subjectId), `account ${review.subjectId}`);
      const fields: PageField[] = [];
      for (const grant of review.grants ?? []) {
        const person = await ctx.store.getPerson(grant.personId);
        const label = `${person?.name ?? grant.personId} (${grant.personId}): ${grant.role}${grant.credentialAccess ? ', may reveal the shared login' : ''}${grant.expiresAt ? `, until ${grant.expiresAt.slice(0, 10)}` : ''}`;
        fields.push({ kind: 'choice', name: `grant:${grant.grantId}`, label, options: [{ value: 'keep', label: 'Keep' }, { value: 'revoke', label: 'Revoke' }] });
      }
      const form: PageForm = { csrf, heading: 'The access list', intro: 'Keep or revoke each grant, then confirm. Nothing changes until you press the button.', fields, buttons: [{ name: 'action', value: 'submit', label: 'Confirm the access list', style: 'approve' }] };
      const lead = fields.length ? ['Keep whoever still needs access; revoke the rest. A revoked person who knew the shared login has it rotated.'] : ['Nobody holds a grant on this account. Confirm that this is right.'];
      return { status: 200, content: { title, lead, facts: [['Account', accountLabel(account)], ...facts], form } };
    }
    case 'brand-audit': {
      if (!mayAnswer(review, personId)) return INVALID;
      const account = found(await ctx.store.getAccount(review.subjectId), `account ${review.subjectId}`);
      const fields: PageField[] = [
        ...brandChecks.map((check): PageField => ({ kind: 'choice', name: check, label: brandCheckLabels[check], options: [{ value: 'pass', label: 'Yes' }, { value: 'fail', label: 'No' }] })),
        { kind: 'text', name: 'notes', label: 'Findings (what is wrong, what was fixed)', maxLength: 2000, multiline: true },
      ];
      return {
        status: 200,
        content: {
          title,
          lead: ['Open the account on the platform and check each point against the brand kit.'],
          facts: [['Account', accountLabel(account)], ['On the platform', account.url], ['Brand kit', account.brandKitRef ?? '(none on record)'], ...facts],
          form: { csrf, heading: 'Checklist', fields, buttons: [{ name: 'action', value: 'submit', label: 'Record the audit', style: 'approve' }] },
        },
      };
    }
    case 'policy': {
      const policy = found(await ctx.store.getPolicy(review.subjectId), `policy ${review.subjectId}`);
      const policyFacts: [string, string][] = [['Document', `${policy.title}, version ${policy.documentVersion}`], ['Read it at', policy.documentUrl], ...facts];
      const commentsOpen = stamp(ctx.now()) < review.dueAt;
      const commentButton = { name: 'action', value: 'comment', label: 'Send the comment' };
      if (!mayAnswer(review, personId)) {
        if (!commentsOpen) return { status: 200, content: { title, lead: ['The comment period has ended. Thank you.'], facts: policyFacts, decisions: commentLines(review.comments) } };
        return { status: 200, content: { title, lead: ['Read the document and send your comments before the deadline.'], facts: policyFacts, decisions: commentLines(review.comments), form: { csrf, fields: [{ kind: 'text', name: 'comment', label: 'Your comment', maxLength: 2000, multiline: true }], buttons: [commentButton] } } };
      }
      return {
        status: 200,
        content: {
          title,
          lead: ['Publish a new version (its number and where to read it), or confirm the current one stays in force. Either closes the review; the next one is scheduled by the document’s cadence.'],
          facts: policyFacts,
          decisions: commentLines(review.comments),
          form: {
            csrf,
            fields: [
              { kind: 'text', name: 'documentVersion', label: 'New version (to publish)', maxLength: 40 },
              { kind: 'text', name: 'documentUrl', label: 'Where the new version is published (https://…)', maxLength: 2048 },
              { kind: 'text', name: 'comment', label: 'Or a comment', maxLength: 2000, multiline: true },
            ],
            buttons: [
              { name: 'action', value: 'publish', label: 'Publish the new version', style: 'approve' },
              { name: 'action', value: 'confirm', label: 'Confirm the current version' },
              ...(commentsOpen ? [commentButton] : []),
            ],
          },
        },
      };
    }
    case 'credential-age':
      return { status: 200, content: { title, lead: ['The login is being rotated; nothing is asked of you here.'], facts } };
  }
}

const formFields = (form: URLSearchParams, names: readonly string[]) => Object.fromEntries(names.flatMap((name) => (form.get(name) !== null && form.get(name) !== '' ? [[name, form.get(name)]] : [])));

/**
 * Takes a review page's form (a comment, a recertification, a brand audit, a policy confirmed or published) and
 * says what was recorded.
 */
export async function postReview(ctx: ReviewContext, link: string, form: URLSearchParams): Promise<LinkPage> {
  const opened = await open(ctx, link);
  if ('status' in opened) return opened;
  const { review, personId, title } = opened;
  if (review.status === 'completed') return { ...completedPage(opened), status: 409 };
  return answer(ctx, reviewerPrincipal(personId), review, form, title);
}

/** A review's answer, the link page's and the console's: recertify, record a brand audit, or close or comment on a policy review. */
async function answer(ctx: ReviewContext, principal: Principal, review: Review, form: URLSearchParams, title: string): Promise<LinkPage> {
  const personId = principal.personId;
  try {
    switch (review.kind) {
      case 'recertification':
        if (!mayAnswer(review, personId)) return INVALID;
        return await recertify(ctx, principal, review, form, title);
      case 'brand-audit':
        if (!mayAnswer(review, personId)) return INVALID;
        return await recordBrandAudit(ctx, principal, review, form, title);
      case 'policy':
        return await answerPolicyReview(ctx, principal, review, form, title);
      case 'credential-age':
        return INVALID;
    }
  } catch (error) {
    if (error instanceof ConflictError) return page(409, 'Someone answered first', 'The review changed while you were on the page. Open the link again to see where it stands.');
    throw error;
  }
}

/** Applies an account change with the review's completion, retrying a version race on the account. */
async function completeWithAccount(ctx: ReviewContext, principal: Principal, review: Review, outcome: string, changes: Partial<Review>, accountChanges: (at: string) => Partial<Account>) {
  for (let attempt = 0; ; attempt++) {
    const at = stamp(ctx.now());
    const account = found(await ctx.store.getAccount(review.subjectId), `account ${review.subjectId}`);
    const next: Account = { ...account, ...accountChanges(at), version: account.version + 1, updatedAt: at };
    const write: ReviewWrite = { type: 'account', item: next, expectedVersion: account.version, previous: account };
    try {
      return await completeReview(ctx, principal, review, outcome, changes, [write], at);
    } catch (error) {
      // The review's own version failing means someone answered first; the account's means an unrelated edit.
      if (!(error instanceof ConflictError) || attempt >= 3 || /review/.test(error.message)) throw error;
    }
  }
}

async function recertify(ctx: ReviewContext, principal: Principal, review: Review, form: URLSearchParams, title: string): Promise<LinkPage> {
  const answered = parseInput(recertificationForm, Object.fromEntries([...form.entries()].filter(([key]) => key !== 'csrf')), 'recertification');
  const grants = review.grants ?? [];
  const answers = grants.map((g) => ({ ...g, decision: answered[`grant:${g.grantId}`] }));
  if (answers.some((a) => a.decision !== 'keep' && a.decision !== 'revoke')) return page(400, 'Answer every grant', 'Choose Keep or Revoke for each person, then confirm. Nothing was changed.');
  const reason = `access recertification ${review.id}`;
  let revoked = 0;
  for (const answer of answers.filter((a) => a.decision === 'revoke')) {
    const grant = await ctx.store.getGrant(review.subjectId, answer.grantId);
    if (grant && (await endGrant(ctx, principal, grant, 'grant.revoked', reason)) === 'ended') revoked++;
  }
  const decided = answers.map((a) => ({ ...a, decision: a.decision as 'keep' | 'revoke' }));
  const outcome = `${decided.length - decided.filter((a) => a.decision === 'revoke').length} kept, ${decided.filter((a) => a.decision === 'revoke').length} revoked`;
  await completeWithAccount(ctx, principal, review, outcome, { grants: decided }, (at) => ({ lastRecertifiedAt: at }));
  return { status: 200, content: { title, lead: [`Recorded: ${outcome}.`, revoked ? 'Revoked access has ended; shared logins those people knew are being rotated.' : 'Thank you.'] } };
}

async function recordBrandAudit(ctx: ReviewContext, principal: Principal, review: Review, form: URLSearchParams, title: string): Promise<LinkPage> {
  const input = parseInput(brandAuditForm, formFields(form, ['action', ...brandChecks, 'notes']), 'brand audit');
  const findings = brandChecks.map((check) => ({ check, passed: input[check] === 'pass' }));
  const failed = findings.filter((f) => !f.passed).map((f) => f.check);
  const outcome = failed.length ? `findings: ${failed.join(', ')}` : 'passed';
  await completeWithAccount(ctx, principal, review, outcome, { findings, ...(input.notes ? { notes: input.notes } : {}) }, (at) => ({ lastBrandAuditAt: at, brandAuditStatus: failed.length ? 'findings' : 'passed' }));
  return { status: 200, content: { title, lead: [`Recorded: ${outcome}.`, 'Thank you.'] } };
}

/**
 * A comment on an open policy review, before its deadline: from a link's page or the API. It is appended, not
 * written with the whole review, so people commenting at the same moment do not conflict; the store still
 * refuses it if the review closed or its deadline passed since `review` was read.
 */
export async function addComment(ctx: ReviewContext, principal: Principal, review: Review, text: string): Promise<Review> {
  if (review.kind !== 'policy') throw new ConflictError('only policy reviews take comments');
  if (review.status !== 'open' || stamp(ctx.now()) >= review.dueAt) throw new ConflictError('the comment period of this review has ended');
  if ((review.comments ?? []).length >= MAX_COMMENTS) throw new ConflictError(`this review already has ${MAX_COMMENTS} comments`);
  const comment: ReviewComment = { by: principal.personId, at: stamp(ctx.now()), text };
  await ctx.store.commit({
    writes: [{ type: 'review-comment', reviewId: review.id, comment, maxComments: MAX_COMMENTS }],
    audit: auditEntry(principal, 'review.commented', 'review', review.id, { status: review.status }, { status: review.status }, text),
  });
  // Others' comments may have landed since `review` was read: answer with the review as it is now.
  return found(await ctx.store.getReview(review.id), `review ${review.id}`);
}

async function answerPolicyReview(ctx: ReviewContext, principal: Principal, review: Review, form: URLSearchParams, title: string): Promise<LinkPage> {
  const input = parseInput(policyCloseForm, formFields(form, ['action', 'comment', 'documentVersion', 'documentUrl']), 'policy review');
  if (input.action === 'comment') {
    try {
      await addComment(ctx, principal, review, input.comment);
    } catch (error) {
      // Not a race with another answer: the review stopped taking comments, and the reader should hear why.
      if (error instanceof ConflictError) return page(409, 'Comments are closed', `${error.message[0]!.toUpperCase()}${error.message.slice(1)}. Your comment was not recorded.`);
      throw error;
    }
    return { status: 200, content: { title, lead: ['Your comment was recorded. Thank you.'] } };
  }
  if (!mayAnswer(review, principal.personId)) return INVALID;
  for (let attempt = 0; ; attempt++) {
    const policy = found(await ctx.store.getPolicy(review.subjectId), `policy ${review.subjectId}`);
    const nextReviewAt = nextPolicyReview(policy, ctx.now());
    const next: Policy = { ...policy, ...(input.action === 'publish' ? { documentVersion: input.documentVersion, documentUrl: input.documentUrl } : {}), nextReviewAt, version: policy.version + 1, updatedAt: stamp(ctx.now()) };
    const outcome = input.action === 'publish' ? `published version ${input.documentVersion}; next review ${nextReviewAt}` : `confirmed version ${policy.documentVersion}; next review ${nextReviewAt}`;
    try {
      // One transaction: a review closed without its policy moving on would never fall due again.
      await completeReview(ctx, principal, review, outcome, {}, [{ type: 'policy', item: next, expectedVersion: policy.version }]);
      return { status: 200, content: { title, lead: [`Recorded: ${outcome}.`] } };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3 || /review/.test(error.message)) throw error;
    }
  }
}

