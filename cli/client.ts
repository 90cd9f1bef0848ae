import { request } from './http.ts';
import { CliError, localCloud, readSession } from './session.ts';

/** A failed API call, with the API's own message (never a stack). */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${status}: ${message}`);
  }
}

export interface ApiClient {
  call<T = any>(method: string, path: string, options?: { body?: unknown; query?: Record<string, string | undefined>; ifMatch?: number }): Promise<T>;
}

/** Talks to the API with the token of the session kept in `dataDir`; `apiUrl` overrides the session's (and the local) URL. */
export function apiClient(options: { apiUrl?: string; dataDir: string }): ApiClient {
  const session = readSession(options.dataDir);
  return apiClientWith((options.apiUrl ?? session?.apiUrl ?? localCloud(options.dataDir).apiUrl).replace(/\/$/, ''), session?.token);
}

/** Talks to the API at `base` with a bearer token of its own. */
export function apiClientWith(base: string, token: string | undefined): ApiClient {
  return {
    async call(method, path, options = {}) {
      if (!token) throw new CliError('not signed in: run "govern login --as <person> --role <role>" first');
      const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined) as [string, string][];
      const url = `${base}${path}${query.length ? `?${new URLSearchParams(query)}` : ''}`;
      const response = await request(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.ifMatch !== undefined ? { 'if-match': `"${options.ifMatch}"` } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      }).catch((error: Error) => {
        throw new CliError(`cannot reach the API at ${base}: ${error.message}`);
      });
      const payload = response.text ? (JSON.parse(response.text) as { message?: string }) : undefined;
      if (!response.ok) throw new ApiError(response.status, payload?.message ?? response.statusText);
      return payload as never;
    },
  };
}
