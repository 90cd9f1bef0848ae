import type { IncomingMessage, RequestOptions } from 'node:http';

export interface HttpResponse {
  /** A 2xx status, as fetch's `ok`. */
  ok: boolean;
  status: number;
  statusText: string;
  text: string;
}

/**
 * One HTTP request through Node's http module, not fetch: fetch loads undici on its first use, about 80 ms
 * of a call on an idle machine and 200 on a loaded one (Node 20; docs/decisions.md 27). https is loaded only
 * for an https URL.
 */
export async function request(url: string, options: { method: string; headers?: Record<string, string>; body?: string }): Promise<HttpResponse> {
  const target = new URL(url);
  const { request: send } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const requestOptions: RequestOptions = { method: options.method, headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) } };
  return new Promise((resolve, reject) => {
    const outgoing = send(target, requestOptions, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 300, status, statusText: response.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
