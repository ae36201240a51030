import type { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { waitFor } from '../test/helpers/settle.ts';

type FixtureServer = Awaited<ReturnType<typeof startFixtureServer>>;

/**
 * When the fixture worker's periodicsync listener started for `tag` (it reports its own clock to the
 * fixture server), for an event sent at or after `since`.
 */
export function handlerStart(
  server: FixtureServer,
  tag: string,
  since: number,
  timeoutMs = 10_000,
): Promise<number> {
  return reportedStart(server, '/event-started', (query) => query.get('tag') === tag, since, timeoutMs, tag);
}

/** The same for the fixture worker's `sync` listener (one-off syncs; it reports its fields as JSON). */
export function syncHandlerStart(
  server: FixtureServer,
  tag: string,
  since: number,
  timeoutMs = 10_000,
): Promise<number> {
  return reportedStart(
    server,
    '/sync-event',
    (query) => query.get('tag') === JSON.stringify(tag),
    since,
    timeoutMs,
    tag,
  );
}

async function reportedStart(
  server: FixtureServer,
  path: string,
  matches: (query: URLSearchParams) => boolean,
  since: number,
  timeoutMs: number,
  tag: string,
): Promise<number> {
  const found = await waitFor(
    `the handler for ${tag}`,
    () =>
      server.requests.find(
        (request) => request.path === path && matches(request.query) && request.at >= since,
      ),
    timeoutMs,
  );
  return Number(found.query.get('t'));
}
