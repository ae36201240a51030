import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { controlSocketPath } from '../app/control/control-socket.ts';
import { stopProcess } from '../test/cli/helpers/run-cli.ts';
import { waitForSocket } from '../test/cli/helpers/wait-for-socket.ts';
import { waitFor } from '../test/helpers/settle.ts';

/** How long the host sits idle after its browser stopped before its RSS is read (the GC settles first). */
const SETTLE_MS = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 15) * 1000;

export interface Launcher {
  /** The `pwa-host` command: bin/pwa-host, or the installed package's. */
  command: string;
  env: NodeJS.ProcessEnv;
}

/** Resident memory of one process (not its children), in MiB, from /proc. */
export function processRssMiB(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) / 1024;
}

/** `node -e` of bare Node's own RSS, in MiB: the floor. */
export async function bareNodeRssMiB(): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '-e',
    'process.stdout.write(String(process.memoryUsage.rss()))',
  ]);
  return Number(stdout) / 2 ** 20;
}

/**
 * `pwa-host serve`'s RSS as a person's host sits most of the day: one app installed (it registers a daily
 * task), the browser stopped for being idle, SETTLE_MS later. Everything it writes stays in a throwaway
 * data dir and desktop tree; the OS wake-up is off.
 */
export async function idleServeRssMiB(launcher: Launcher, appUrl: string): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'pwa-host-bench-idle-'));
  const dataDir = join(work, 'data');
  const env = {
    ...launcher.env,
    HOME: work,
    XDG_DATA_HOME: join(work, 'desktop', 'data'),
    XDG_CONFIG_HOME: join(work, 'desktop', 'config'),
  };
  // Asynchronous: the fixture app is served from this process's own event loop.
  const cli = (...args: string[]) =>
    promisify(execFile)(launcher.command, ['--data-dir', dataDir, ...args], { env });
  let serve: ChildProcess | undefined;
  try {
    await cli('install', appUrl);
    await cli('config', 'set', 'wake-when-quit', 'off');
    await cli('config', 'set', 'browser-idle', '2s');
    serve = spawn(launcher.command, ['--data-dir', dataDir, 'serve'], { env, stdio: 'ignore' });
    await waitForSocket(controlSocketPath(dataDir), 60_000);
    await waitFor(
      'the browser to stop for being idle',
      async () => {
        const { stdout } = await cli('--json', 'status');
        return (JSON.parse(stdout) as { browser: { status: string } | null }).browser?.status === 'stopped';
      },
      60_000,
    );
    await sleep(SETTLE_MS);
    return processRssMiB(serve.pid as number);
  } finally {
    if (serve) await stopProcess(serve);
    rmSync(work, { recursive: true, force: true });
  }
}
