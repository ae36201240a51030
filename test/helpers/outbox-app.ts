import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { waitFor } from './settle.ts';

const SOURCE = fileURLToPath(new URL('../fixtures/apps/outbox/sw-source.js', import.meta.url));

/** The outbox fixture's worker with Workbox bundled in, as an app's build would make it. */
export async function bundleOutboxWorker(
  queueInActivate: string | undefined,
  queueName = 'outbox',
): Promise<string> {
  const result = await build({
    entryPoints: [SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: {
      'process.env.NODE_ENV': '"production"',
      QUEUE_IN_ACTIVATE: JSON.stringify(queueInActivate ?? ''),
      QUEUE_NAME: JSON.stringify(queueName),
    },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * The outbox app (test/fixtures/apps/outbox/) on the news fixture's port, its worker the Workbox bundle.
 * `queueInActivate`: a URL the worker POSTs to through its queue while it activates.
 */
export async function startOutboxApp(queueInActivate?: string): Promise<FixtureServer> {
  const server = await startFixtureServer('news', 'outbox');
  server.override('/sw.js', { type: 'text/javascript', body: await bundleOutboxWorker(queueInActivate) });
  return server;
}

/** A cross-origin API that records what is POSTed to it; it can go down and come back on its port. */
export class ApiServer {
  readonly port: number;
  readonly received: { path: string; body: string; at: number }[] = [];
  #server: Server | undefined;

  constructor(port: number) {
    this.port = port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = createServer((request, response) => {
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        if (request.method === 'POST') this.received.push({ path: request.url ?? '/', body, at: Date.now() });
        response.writeHead(request.method === 'POST' ? 201 : 204, cors);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Resolves with the first POST whose body is `body`. */
  waitForBody(body: string, timeoutMs = 20_000): Promise<{ path: string; body: string; at: number }> {
    return waitFor(
      `the API to receive "${body}"`,
      () => this.received.find((entry) => entry.body === body),
      timeoutMs,
    );
  }
}
