import { readdirSync, readFileSync, statSync } from 'node:fs';

/**
 * A host killed with SIGKILL cannot stop its browser, which lives on in its own process group holding
 * the profile until it notices its pipe closed. A second browser on the same profile would fight it over
 * the profile's databases (full Chromium refuses to start at all; the headless shell, which has no
 * profile lock, starts and finds the service-worker database locked). The caller holds the data dir's
 * lock, so a browser still running on this profile belongs to a dead host: end it.
 */
export function endOrphanedBrowser(profileDir: string): number | undefined {
  const pid = browserOnProfile(profileDir);
  if (pid === undefined) return undefined;
  try {
    process.kill(-pid, 'SIGKILL'); // the browser leads its process group: renderers and helpers go too
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return undefined;
    }
  }
  return pid;
}

/**
 * The browser process running on `profileDir` as this user, found in /proc by its command line: the one
 * with `--user-data-dir=<profileDir>` and no `--type=` (renderers, GPU and utility processes carry one).
 * Chromium's own SingletonLock would name it too, but the headless shell writes none. Without /proc
 * (macOS, Windows) nothing is found, and full Chromium's own lock check reports a second instance.
 */
export function browserOnProfile(profileDir: string): number | undefined {
  const flag = `--user-data-dir=${profileDir}`;
  const uid = process.getuid?.();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (uid !== undefined && statSync(`/proc/${entry}`).uid !== uid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(flag) && !argv.some((arg) => arg.startsWith('--type='))) return Number(entry);
    } catch {
      // it ended while we looked
    }
  }
  return undefined;
}
