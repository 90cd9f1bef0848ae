import { decide, viewLink } from '../../core/approvals/decisions.ts';
import { workflowContext } from '../shared/workflow-context.ts';
import { linkPagesHandler } from '../shared/link-pages.ts';

const ctx = workflowContext();

/** The pages behind approval links: GET shows the request, the page's POST records the decision. */
export const handler = linkPagesHandler({
  path: '/decide/',
  view: (token, csrf) => viewLink(ctx, token, csrf),
  post: (token, form) => decide(ctx, token, { decision: form.get('decision') ?? undefined, comment: form.get('comment') || undefined, csrf: form.get('csrf') }),
});
