import type { AppRecord } from '../store/records.ts';

/** Who the host's own notifications (failure alerts) are from. */
export const HOST_NOTIFICATION_NAME = 'PWA Host';

// Latin look-alikes from Cyrillic and Greek that NFKC leaves as they are ("РWА Ноѕt").
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  н: 'h',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  х: 'x',
  ѕ: 's',
  ԝ: 'w',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  η: 'h',
  ν: 'v',
};

/** A name reduced to what a reader sees: compatibility forms folded, case, spacing and punctuation gone. */
function asRead(name: string): string {
  return [...name.normalize('NFKC').toLowerCase()]
    .map((character) => LOOK_ALIKES[character] ?? character)
    .join('')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const HOST_AS_READ = asRead(HOST_NOTIFICATION_NAME);

/**
 * The name an app's notifications show as theirs. An app may call itself anything, but not pass for the
 * host: a name that reads as "PWA Host" is shown with where the app comes from.
 */
export function notificationAppName(app: Pick<AppRecord, 'name' | 'origin'>): string {
  if (!asRead(app.name).includes(HOST_AS_READ)) return app.name;
  return `${app.name} (web app at ${URL.parse(app.origin)?.host ?? app.origin})`;
}
