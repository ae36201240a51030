import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { HostError } from '../sync/errors.ts';

/** Flags for a headless, quiet browser: no network chatter of its own, no first-run UI. */
const HEADLESS_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

const START_TIMEOUT_MS = 20_000;

export interface LaunchedChromium {
  readonly process: ChildProcess;
  readonly webSocketUrl: string;
  /** Ends the browser and every process it started. */
  kill(): Promise<void>;
}

/** Starts Chromium on `profileDir` and resolves once its DevTools endpoint listens. */
export async function launchChromium(executable: string, profileDir: string): Promise<LaunchedChromium> {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const flags = [...HEADLESS_FLAGS, `--user-data-dir=${profileDir}`];
  // Root cannot use Chromium's sandbox; everyone else keeps it.
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  // Its own process group, so stopping the host ends renderers and helpers too.
  const child = spawn(executable, [...flags, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const webSocketUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(`it printed no DevTools address within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(match[1]);
      }
    };
    const fail = (why: string) => {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(
        new HostError(
          'chromium-failed',
          `Chromium (${executable}) did not start: ${why}.\n${output.slice(-2000)}`,
        ),
      );
    };
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited with ${signal ?? `code ${code}`}`));
  });
  child.removeAllListeners('exit');
  return {
    process: child,
    webSocketUrl,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      killGroup(child, 'SIGKILL'); // helpers that outlived the browser
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
