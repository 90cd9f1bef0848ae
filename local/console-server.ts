import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONSOLE_API_PREFIX, contentSecurityPolicy, LINK_PAGE_PREFIXES, securityHeaders, type ConsoleConfig } from '../declarations/console.ts';
import type { DevOidcProvider } from './oidc-provider.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ico': 'image/x-icon',
};

/**
 * The console's origin on the local cloud, as CloudFront is on AWS: the built console (any other path is the
 * single-page app's index), `/api/*` to the HTTP API with the prefix taken off, the email-link pages to the
 * HTTP API as they are, and, locally only, the development identity provider under `/oidc/`.
 */
export function consoleServer(options: { folder: string; config: ConsoleConfig; gateway: (request: IncomingMessage, response: ServerResponse) => Promise<void>; oidc: DevOidcProvider }) {
  const csp = contentSecurityPolicy(options.config);
  const headers = { 'content-security-policy': csp, ...securityHeaders };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === CONSOLE_API_PREFIX || path.startsWith(`${CONSOLE_API_PREFIX}/`)) {
      request.url = `${path.slice(CONSOLE_API_PREFIX.length) || '/'}${url.search}`;
      return options.gateway(request, response);
    }
    if (LINK_PAGE_PREFIXES.some((prefix) => path.startsWith(prefix))) return options.gateway(request, response);
    if (await options.oidc.handle(request, response, path, url.searchParams)) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...headers }).end();
      return;
    }
    if (path === '/console-config.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(options.config));
      return;
    }
    const file = staticFile(options.folder, path);
    // Hashed assets never change; the index always revalidates so a new build is picked up at once.
    const immutable = file !== undefined && path.startsWith('/assets/');
    const served = file ?? join(options.folder, 'index.html');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(served)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(served).pipe(response);
  };
}

/** A file of the build for this path, never one outside it (no `..`, no folders). */
function staticFile(folder: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const candidate = normalize(join(folder, decoded));
  if (!candidate.startsWith(folder + sep) || !existsSync(candidate) || !statSync(candidate).isFile()) return undefined;
  return candidate;
}
