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
  return processesWhere((fields) => Number(fields[2]) === groupId);
}

/** Every live process whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return processesWhere((fields) => Number(fields[1]) === pid);
}

/** Gone, or a zombie (dead, waiting for a parent that may never reap it). */
export function isGone(pid: number): boolean {
  try {
    return statFields(pid)[0] === 'Z';
  } catch {
    return true;
  }
}

/** A process's /proc stat fields after its command: state, ppid, pgrp, … */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function processesWhere(match: (fields: string[]) => boolean): number[] {
  const found: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(statFields(entry))) found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
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
