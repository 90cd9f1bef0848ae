import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-schema.ts';

export type ApiClient = ReturnType<typeof createClient<paths>>;

/** An answer the API refused: its `error` code and the message that says what to do. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The typed client (types generated from docs/openapi.json), sending the signed-in user's access token. */
export function apiClient(apiBase: string, accessToken: () => string | undefined): ApiClient {
  const client = createClient<paths>({ baseUrl: `${window.location.origin}${apiBase}` });
  const bearer: Middleware = {
    onRequest({ request }) {
      const token = accessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

/** The body of a successful answer, or an ApiError carrying the API's own message. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { error?: string; message?: string };
  const message = body.message ?? (response.status === 401 ? 'Your sign-in has expired: sign in again.' : `The API answered ${response.status}.`);
  throw new ApiError(response.status, body.error ?? String(response.status), message);
}

/** Every item of a paged list, page after page, up to `maxPages` pages (an entity's history, a review's comments). */
export async function everyPage<T>(fetchPage: (next: string | undefined) => Promise<unknown>, maxPages = 10): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = (await fetchPage(next)) as { items: T[]; next?: string };
    items.push(...answer.items);
    next = answer.next;
    if (!next) break;
  }
  return items;
}
