import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A host killed with SIGKILL cannot stop its browser, which lives on in its own process group holding
 * the profile (Chromium then refuses a second instance on it). The caller holds the data dir's lock, so a
 * browser still running on this profile belongs to a dead host: end it. Chromium's SingletonLock link
 * names it as "<hostname>-<pid>"; /proc confirms the pid is that browser before anything is killed.
 */
export function endOrphanedBrowser(profileDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(/-(\d+)$/.exec(readlinkSync(join(profileDir, 'SingletonLock')))?.[1]);
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 1 || !runsOnProfile(pid, profileDir)) return undefined;
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

function runsOnProfile(pid: number, profileDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(`--user-data-dir=${profileDir}`);
  } catch {
    return false; // not running, or no /proc (then Chromium's own lock check reports the problem)
  }
}
