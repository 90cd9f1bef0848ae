import { confirmControl, listDepartures, requestDeparture, showDeparture } from '../../core/handover/departures.ts';
import { apiHandler } from '../shared/api.ts';
import { workflowContext } from '../shared/workflow-context.ts';

const ctx = workflowContext();

export const handler = apiHandler(ctx, {
  'POST /departures': async ({ principal, body }) => {
    const { created, case: departure } = await requestDeparture(ctx, principal, body);
    return { status: created ? 201 : 200, body: departure };
  },
  'GET /departures': async ({ principal, page }) => ({ body: await listDepartures(ctx, principal, page) }),
  'GET /departures/{caseId}': async ({ principal, params }) => ({ body: await showDeparture(ctx, principal, params.caseId!) }),
  'POST /departures/{caseId}/controls/confirm': async ({ principal, params, body }) => ({ body: await confirmControl(ctx, principal, params.caseId!, body) }),
});
