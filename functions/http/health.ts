import { httpHandler, json } from '../shared/http.ts';

/** Liveness only: it must answer even when a downstream service is down, so it calls none. */
export const handler = httpHandler(async () => json(200, { status: 'ok', service: 'steward' }));
