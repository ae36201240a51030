import { HostError } from '../base/errors.ts';
import type { AppRecord } from '../store/records.ts';

/**
 * An app by id, or by a name prefix that matches exactly one app (case-insensitive). The messages say what
 * matched; advice on which command lists the apps belongs to the shell (the CLI adds it by code).
 */
export function resolveApp(apps: AppRecord[], reference: string): AppRecord {
  const matches = matchingApps(apps, reference);
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new HostError(
    'app-ambiguous',
    `"${reference}" matches ${matches.length} apps (${matches.map((app) => `${app.name} ${app.id}`).join(', ')}). Use more of the name, or the id.`,
  );
}

/**
 * Every app `reference` names: the app with that id, or all whose name starts with it (for reading, where
 * two matches are simply both listed). None is an error.
 */
export function matchingApps(apps: AppRecord[], reference: string): AppRecord[] {
  const byId = apps.find((app) => app.id === reference);
  if (byId) return [byId];
  const prefix = reference.toLowerCase();
  const matches = apps.filter(
    (app) =>
      app.name.toLowerCase().startsWith(prefix) || (app.shortName ?? '').toLowerCase().startsWith(prefix),
  );
  if (matches.length === 0) {
    throw new HostError(
      'app-not-found',
      `No installed app has the id or a name starting with "${reference}".`,
    );
  }
  return matches;
}
