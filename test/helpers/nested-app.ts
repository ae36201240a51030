import type { FixtureServer } from '../fixtures/pwa-server.ts';

/**
 * An app at /apps/NAME/ of a fixture origin, as project sites on a shared host are (`user.github.io/notes/`):
 * its page registers `workerUrl` for its own scope, and its manifest's scope is that path.
 */
export function serveAppAt(server: FixtureServer, name: string, workerUrl: string): void {
  const path = `/apps/${name}/`;
  server.override(path, {
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title>
      <link rel="manifest" href="${path}manifest.webmanifest">
      <script>navigator.serviceWorker.register('${workerUrl}', { scope: '${path}' });</script>
      </head><body>${name}</body></html>`,
  });
  server.override(`${path}manifest.webmanifest`, {
    type: 'application/manifest+json',
    body: JSON.stringify({ id: path, name, start_url: path, scope: path, display: 'standalone' }),
  });
}
