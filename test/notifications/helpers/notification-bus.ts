import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FreedesktopDisplay } from '../../../app/os/notifications/freedesktop-display.ts';
import { testLogger } from '../../helpers/chromium.ts';
import { waitFor } from '../../helpers/settle.ts';

const SERVER = fileURLToPath(new URL('../fixtures/notification-server.py', import.meta.url));
// Debian's python3 with python3-dbus and python3-gi (.ci/run installs them), not a virtualenv's.
const PYTHON = '/usr/bin/python3';

/** Where a helper leaves what to stop: a test's `t.after`, or a suite's list run in its `after` hook. */
export type Cleanup = (stop: () => void) => void;

/** A private D-Bus session daemon for one test; returns its address. */
export async function privateSessionBus(cleanup: Cleanup): Promise<string> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  cleanup(() => daemon.kill());
  const [chunk] = (await once(daemon.stdout, 'data')) as [Buffer];
  return chunk.toString().trim();
}

export interface NotifyCall {
  call: 'Notify';
  id: number;
  app_name: string;
  replaces_id: number;
  app_icon: string;
  summary: string;
  body: string;
  actions: string[];
  hints: Record<string, unknown>;
  expire_timeout: number;
}

export interface LauncherEntrySignal {
  signal: 'LauncherEntry';
  path: string;
  app_uri: string;
  properties: Record<string, unknown>;
}

type Line = (
  | NotifyCall
  | LauncherEntrySignal
  | { call: 'CloseNotification'; id: number }
  | { done: string }
) & {
  /** When the test read the line (Date.now()). */
  at: number;
};

/** The notification server stand-in (fixtures/notification-server.py) on `address`. */
export interface NotificationServer {
  lines: Line[];
  notifies(): (NotifyCall & { at: number })[];
  launcherEntries(): (LauncherEntrySignal & { at: number })[];
  closes(): number[];
  /** The person clicked the notification (`key` "default" for its body, else an action key). */
  click(id: number, key: string): Promise<void>;
  dismiss(id: number): Promise<void>;
  /** Waits for the `n`th Notify call (1-based) and returns it. */
  nthNotify(n: number, timeoutMs?: number): Promise<NotifyCall & { at: number }>;
}

export async function startNotificationServer(
  cleanup: Cleanup,
  address: string,
  capabilities = ['actions', 'body', 'body-markup'],
  /**
   * `slow-reply`: the server answers Notify 500 ms late; `click-before-reply`: it also clicks each
   * notification itself before it answers (a click that overtakes the id).
   */
  mode: 'plain' | 'slow-reply' | 'click-before-reply' = 'plain',
): Promise<NotificationServer> {
  const child = spawn(PYTHON, [SERVER, capabilities.join(','), mode], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanup(() => child.kill());
  const lines: Line[] = [];
  let ready = false;
  createInterface({ input: child.stdout }).on('line', (text) => {
    const parsed = JSON.parse(text) as Line | { ready: true };
    if ('ready' in parsed) ready = true;
    else lines.push({ ...parsed, at: Date.now() });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(
      `The notification server stand-in exited (${code}): it needs ${PYTHON} with python3-dbus and python3-gi.`,
    );
  });
  await Promise.race([waitFor('the notification server to own its name', () => ready), exited]);
  const command = async (text: string) => {
    child.stdin.write(`${text}\n`);
    await waitFor(`the stand-in to do "${text}"`, () =>
      lines.some((line) => 'done' in line && line.done === text),
    );
  };
  const server: NotificationServer = {
    lines,
    notifies: () =>
      lines.filter((line): line is NotifyCall & { at: number } => 'call' in line && line.call === 'Notify'),
    launcherEntries: () =>
      lines.filter(
        (line): line is LauncherEntrySignal & { at: number } =>
          'signal' in line && line.signal === 'LauncherEntry',
      ),
    closes: () =>
      lines.flatMap((line) => ('call' in line && line.call === 'CloseNotification' ? [line.id] : [])),
    click: (id, key) => command(`click ${id} ${key}`),
    dismiss: (id) => command(`dismiss ${id}`),
    nthNotify: (n, timeoutMs = 10_000) =>
      waitFor(`Notify call ${n}`, () => server.notifies()[n - 1], timeoutMs),
  };
  return server;
}

/** The headless host's notification display, talking to the private session bus at `address`. */
export function displayOnBus(address: string): FreedesktopDisplay {
  return new FreedesktopDisplay({
    logger: testLogger,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    desktopEntryOf: (appId) => `pwa-host-${appId}.desktop`,
  });
}
