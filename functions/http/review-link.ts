import { postReview, viewReview } from '../../core/reviews/pages.ts';
import { linkPagesHandler } from '../shared/link-pages.ts';
import { reviewContext } from '../shared/review-context.ts';

const ctx = reviewContext();

/** The pages behind review links: GET shows the review, the page's POST answers it. */
export const handler = linkPagesHandler({
  path: '/review/',
  view: (token, csrf) => viewReview(ctx, token, csrf),
  post: (token, form) => postReview(ctx, token, form),
});
