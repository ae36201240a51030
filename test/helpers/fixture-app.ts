import type { AppInput } from '../../app/store/apps-table.ts';
import type { AppRecord } from '../../app/store/records.ts';

/** An app as the install flow would record it for `origin`, whose scope and start URL are its root. */
export function fixtureApp(
  origin: string,
  name = 'News',
  id = `app-${name.toLowerCase().replace(/\W+/g, '-')}`,
): AppInput {
  return {
    id,
    manifestId: `${origin}/`,
    name,
    shortName: null,
    startUrl: `${origin}/`,
    scope: `${origin}/`,
    origin,
    display: 'standalone',
    themeColor: null,
    backgroundColor: null,
    icons: [],
  };
}

/** The same app as the store returns it. */
export function fixtureAppRecord(
  origin: string,
  name = 'News',
  overrides: Partial<AppRecord> = {},
): AppRecord {
  return {
    ...fixtureApp(origin, name),
    installedAt: 1,
    updatedAt: 1,
    paused: false,
    intervalFloorMs: null,
    notificationsMuted: false,
    badge: null,
    ...overrides,
  };
}
