import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export async function readBody(request: IncomingMessage, limit = 6 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class PortInUseError extends Error {
  constructor(
    readonly what: string,
    readonly port: number,
  ) {
    super(`${what}: port ${port} is already in use. Stop whatever holds it or choose another port (see README, "Ports").`);
    this.name = 'PortInUseError';
  }
}

/** Starts an HTTP server on loopback; a taken port becomes a PortInUseError naming the service. */
export function listen(
  what: string,
  host: string,
  port: number,
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<Server> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal error in the local cloud' }));
      process.stderr.write(`${what}: ${(error as Error).name}: ${(error as Error).message}\n`);
    });
  });
  // Longer than any SDK client keeps an idle socket, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(what, port) : error),
    );
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * A port for a service only this process talks to, the same for the same data folder across restarts, and
 * outside Linux's ephemeral range (32768-60999) so that no port another process asks the OS for (the tests
 * pick their clouds' ports that way, and reuse them when they restart a cloud) can ever be it.
 */
export async function privatePortFor(dataDir: string): Promise<number> {
  const start = 20_000 + (createHash('sha256').update(dataDir).digest().readUInt32BE(0) % 10_000);
  for (let port = start; port < start + 200; port++) {
    try {
      await closeServer(await listen('a private port', '0.0.0.0', port, async () => undefined));
      return port;
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw new PortInUseError('a private port', start);
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
