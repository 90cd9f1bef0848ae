import { kpiHistory, kpisFor } from '../../core/reviews/kpis.ts';
import { commentOnReview, listFindings, listReviews, showReview, showRun, startRun } from '../../core/reviews/runs.ts';
import { answerAsReviewer } from '../../core/reviews/pages.ts';
import { apiHandler } from '../shared/api.ts';
import { reviewContext } from '../shared/review-context.ts';

const ctx = reviewContext();

export const handler = apiHandler(ctx, {
  'GET /reviews': async ({ principal, query, page }) => ({ body: await listReviews(ctx, principal, { status: query.status, mine: query.mine === 'true', subjectType: query.subjectType, subjectId: query.subjectId }, page) }),
  'GET /reviews/{reviewId}': async ({ principal, params }) => ({ body: await showReview(ctx, principal, params.reviewId!) }),
  'POST /reviews/{reviewId}/answers': async ({ principal, params, body }) => ({ body: await answerAsReviewer(ctx, principal, params.reviewId!, body) }),
  'POST /reviews/{reviewId}/comments': async ({ principal, params, body }) => ({ status: 201, body: await commentOnReview(ctx, principal, params.reviewId!, body) }),
  'POST /review-runs': async ({ principal, body }) => ({ status: 202, body: await startRun(ctx, principal, body) }),
  'GET /review-runs/{runId}': async ({ principal, params }) => ({ body: await showRun(ctx, principal, params.runId!) }),
  'GET /findings': async ({ principal, query, page }) => ({ body: await listFindings(ctx, principal, { status: query.status, accountId: query.accountId, code: query.code }, page) }),
  'GET /kpis/history': async ({ principal, query, page }) => ({ body: await kpiHistory(ctx, principal, query.from, page) }),
  'GET /kpis': async ({ principal, query }) => ({ body: await kpisFor(ctx, principal, { fresh: query.fresh === 'true' }) }),
});
