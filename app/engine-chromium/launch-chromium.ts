import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { HostError } from '../base/errors.ts';
import { withTimeout } from '../base/wait.ts';
import { type CdpConnection, connectPipe } from './cdp-connection.ts';
import { denyDownloads } from './denied-downloads.ts';

/**
 * Flags for a quiet browser: no network traffic of its own, no first-run UI. DevTools over a pipe, never a
 * TCP port: a port on 127.0.0.1 is open to every local user.
 */
const QUIET_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-domain-reliability',
  '--safebrowsing-disable-auto-update',
  // What full Chromium still sends on every start with the flags above (seen through an HTTP proxy,
  // test/faults/browser-privacy.test.ts): components it installs on demand (the optimization guide's
  // model manifest: POST update.googleapis.com/service/update2/json) and the account check behind
  // sign-in (accounts.google.com/ListAccounts). Both go to a loopback port that Chromium refuses to
  // connect to (9 is on its list of unsafe ports), so they fail before any socket opens.
  '--component-updater=url-source=http://127.0.0.1:9/',
  '--gaia-url=http://127.0.0.1:9',
  '--remote-debugging-pipe',
];

/** Features whose traffic no flag turns off: the network time tracker (GET clients2.google.com/time/…). */
const DISABLED_FEATURES = ['NetworkTimeServiceQuerying'];

const START_TIMEOUT_MS = 20_000;

export interface LaunchedChromium {
  readonly process: ChildProcess;
  /** The DevTools connection over the browser's pipe; when it closes, the browser exits. */
  readonly connection: CdpConnection;
  /** Ends the browser and every process it started. */
  kill(): Promise<void>;
}

export interface LaunchOptions {
  /** false: a visible browser (a window for people, such as `pwa-host ui`'s); the same quiet flags otherwise. */
  headless?: boolean;
  /** What it opens at start (default `about:blank`), e.g. `--app=…` for an app window. */
  startArgs?: readonly string[];
  /** More features to turn off (Chromium reads one --disable-features: these join the quiet ones). */
  disabledFeatures?: readonly string[];
  /**
   * For a browser that needs no network at all (the UI's window, which is served from memory): no proxy,
   * and no host name resolves, so not even a preconnect or a DNS query leaves the machine.
   */
  offline?: boolean;
}

/** The command line a launch gets before its start arguments (exported for the flag tests). */
export function chromiumFlags(
  profileDir: string,
  { headless = true, disabledFeatures = [], offline = false }: LaunchOptions = {},
): string[] {
  const flags = [
    ...(headless ? ['--headless'] : []),
    ...QUIET_FLAGS,
    `--disable-features=${[...DISABLED_FEATURES, ...disabledFeatures].join(',')}`,
    ...(offline ? ['--no-proxy-server', '--host-resolver-rules=MAP * ~NOTFOUND'] : []),
    `--user-data-dir=${profileDir}`,
  ];
  // Root cannot use Chromium's sandbox; everyone else keeps it.
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  return flags;
}

/**
 * Starts Chromium on `profileDir` and resolves once it answers on its DevTools pipe, with downloads denied
 * (`denyDownloads`).
 */
export async function launchChromium(
  executable: string,
  profileDir: string,
  options: LaunchOptions = {},
): Promise<LaunchedChromium> {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const flags = chromiumFlags(profileDir, options);
  const startArgs = options.startArgs ?? ['about:blank'];
  // Its own process group, so stopping the host ends renderers and helpers too. The pipe (fds 3 and 4)
  // ends it when the host dies without stopping it.
  const child = spawn(executable, [...flags, ...startArgs], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const onOutput = (chunk: Buffer) => {
    output = (output + chunk).slice(-2000);
  };
  child.stderr?.on('data', onOutput);
  const connection = connectPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  // Whatever comes first: an answer, the browser failing to run or exiting, or the time running out.
  let onError: ((error: Error) => void) | undefined;
  let onExit: ((code: number | null, signal: string | null) => void) | undefined;
  const answered = new Promise<void>((resolve, reject) => {
    onError = (error) => reject(error);
    onExit = (code, signal) => reject(new Error(`it exited with ${signal ?? `code ${code}`}`));
    child.once('error', onError);
    child.once('exit', onExit);
    // Downloads are denied before anyone gets the browser: no page it ever shows may write a file.
    connection
      .send('Browser.getVersion')
      .then(() => denyDownloads(connection))
      .then(() => resolve(), reject);
  });
  try {
    await withTimeout(answered, START_TIMEOUT_MS, () => {
      throw new Error(`it did not answer on its DevTools pipe within ${START_TIMEOUT_MS / 1000} s`);
    });
  } catch (error) {
    killGroup(child, 'SIGKILL');
    void connection.close();
    const why = error instanceof Error ? error.message : String(error);
    throw new HostError('chromium-failed', `Chromium (${executable}) did not start: ${why}.\n${output}`);
  } finally {
    if (onError) child.off('error', onError);
    if (onExit) child.off('exit', onExit);
  }
  return {
    process: child,
    connection,
    async kill() {
      await connection.close();
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup(child, 'SIGKILL'); // helpers that outlived the browser
        return;
      }
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      // A browser that ignores SIGTERM for 3 s is ended for good; either way, its exit is awaited.
      await withTimeout(exited, 3000, () => killGroup(child, 'SIGKILL'));
      await exited;
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
