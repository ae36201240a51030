import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { browserOnProfile } from '../../app/engine-chromium/orphaned-browser.ts';
import { BIN, childEnv, stopProcess } from '../cli/helpers/run-cli.ts';

/** `pwa-host serve` as its own process, on headless Chromium. */
export function startServe(
  t: TestContext,
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; stderr: () => string } {
  const child = spawn(BIN, ['--data-dir', dataDir, 'serve', '--min-interval-floor', '0'], {
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  t.after(() => stopProcess(child));
  return { child, stderr: () => stderr };
}

/** The browser a host runs on the data dir's profile (either kind: the headless shell has no SingletonLock). */
export function browserPidOf(dataDir: string): number {
  const profileDir = join(dataDir, 'chromium-profile');
  const pid = browserOnProfile(profileDir);
  if (pid === undefined) throw new Error(`no browser runs on ${profileDir}`);
  return pid;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every live process in process group `groupId` (the browser leads its own group: renderers, helpers). */
export function processGroup(groupId: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command: state, ppid, pgrp, …
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === groupId) members.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return members;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { code, signal };
}
