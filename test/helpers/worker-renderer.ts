import { readdirSync, readFileSync } from 'node:fs';

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process or thread ended while we looked
  }
}

function parentPid(pid: number): number | undefined {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  // The command name in parentheses may contain spaces: the fields after its closing ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat ? Number(fields[1]) : undefined;
}

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let parent = parentPid(pid); parent !== undefined && parent > 1; parent = parentPid(parent)) {
    if (parent === ancestor) return true;
  }
  return false;
}

/**
 * The renderer processes of the browser `browserPid` that run a service worker. Chromium rewrites its
 * command line into one string, so `--type=renderer` is searched in it; a renderer running a service
 * worker has a thread named "ServiceWorker thread" (cut to 15 characters in /proc).
 */
export function serviceWorkerRenderers(browserPid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (!readOrEmpty(`/proc/${pid}/cmdline`).includes('--type=renderer')) continue;
    if (!descendsFrom(pid, browserPid)) continue;
    const tasks = (() => {
      try {
        return readdirSync(`/proc/${pid}/task`);
      } catch {
        return [];
      }
    })();
    if (tasks.some((task) => readOrEmpty(`/proc/${pid}/task/${task}/comm`).startsWith('ServiceWorker')))
      found.push(pid);
  }
  return found;
}
