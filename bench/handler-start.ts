import type { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { waitFor } from '../test/helpers/settle.ts';

type FixtureServer = Awaited<ReturnType<typeof startFixtureServer>>;

/**
 * When the fixture worker's periodicsync listener started for `tag` (it reports its own clock to the
 * fixture server), for an event sent at or after `since`.
 */
export async function handlerStart(
  server: FixtureServer,
  tag: string,
  since: number,
  timeoutMs = 10_000,
): Promise<number> {
  const found = await waitFor(
    `the handler for ${tag}`,
    () =>
      server.requests.find(
        (request) =>
          request.path === '/event-started' && request.query.get('tag') === tag && request.at >= since,
      ),
    timeoutMs,
  );
  return Number(found.query.get('t'));
}
