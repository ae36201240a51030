import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { HOST_PAGE_CSP, HOST_SCHEME, resolveHostPage } from '../app/desktop/host-pages.ts';

/** Before `ready`: pwa-host:// is a secure standard scheme (an origin of its own, no file:// access). */
export function registerHostScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: HOST_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves the host's own pages on the host UI's session, each response with the strict CSP. */
export function serveHostPages(session: Session, appRoot: string): void {
  session.protocol.handle(HOST_SCHEME, async (request) => {
    const file = resolveHostPage(request.url, appRoot);
    if (file.kind === 'not-found') return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file.path), {
        headers: {
          'content-type': file.contentType,
          'content-security-policy': HOST_PAGE_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
