import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { ControlClient } from '../../app/control/control-client.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { desktopOsIntegration, startDesktopHost } from '../../app/desktop/desktop-host.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import { createApiClient } from '../../app/host/api-client.ts';
import type { ShellParts } from '../../app/host/serving-host.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import { ResumeListeners } from '../../app/power/resume-source.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { fixtureApp, HOUR, tempDataDir } from '../helpers/harness.ts';
import { TestEngine } from '../helpers/test-engine.ts';

const desktop = process.env.PWA_HOST_TEST_DESKTOP as string;
/** The packaged app's executable, as `desktopHostCommand` gives it (a path with a space, as on macOS). */
const APP = '/opt/PWA Host/pwa-host';

/**
 * The desktop app's parts with the test engine in place of Electron's (the engine port is the seam): the
 * OS integration, the control socket and the host composition are the app's own.
 */
function desktopTestParts(dataDir: string, scope: string): { parts: ShellParts; engine: TestEngine } {
  const engine = new TestEngine([scope]);
  const noPages: BrowserPages = {
    openPage: () => Promise.reject(new Error('no browser in this test')),
    clearOrigin: async () => {},
    workerScopes: () => [...engine.workers],
  };
  const resume = new ResumeListeners();
  return {
    engine,
    parts: {
      engine: Object.assign(engine, noPages),
      os: desktopOsIntegration({
        dataDir,
        hostCommand: [APP],
        // Linux: autostart is the XDG entry, never a login item.
        loginItems: {
          set: () => assert.fail('a login item was set on Linux'),
        },
        logger: silentLogger,
        platform: 'linux',
      }),
      connectivity: new ManualConnectivity(true),
      createResumeSource: () => ({
        kind: 'test',
        onResume: (listener) => resume.add(listener),
        close: () => resume.clear(),
      }),
    },
  };
}

test('with the desktop host running, pwa-host syncs, run and pause reach it over the control socket, and quitting leaves a wake-up that runs the app with --run-due', {
  timeout: 60_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const origin = 'https://news.example';
  const scope = `${origin}/`;
  const store = Store.open(dataDir);
  const app = store.apps.upsert(fixtureApp(origin), Date.now());
  store.close();
  const { parts, engine } = desktopTestParts(dataDir, scope);
  const host = await startDesktopHost(parts, { dataDir, logger: silentLogger });
  let stopped = false;
  t.after(() => (stopped ? undefined : host.stop()));
  // What the Electron engine reports when the app's worker registers (the test engine has no page to do it).
  const registration = engine.host;
  assert.ok(registration);
  registration.register({ scope, origin }, 'get-latest-news', HOUR);

  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, '--json', ...args]);
  const syncs = await cli('syncs');
  assert.equal(syncs.exitCode, 0, syncs.stderr);
  assert.deepEqual(
    (JSON.parse(syncs.stdout) as { appId: string; tag: string }[]).map((sync) => [sync.appId, sync.tag]),
    [[app.id, 'get-latest-news']],
  );
  const run = await cli('run', app.id, 'get-latest-news');
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { outcome: string }).outcome, 'success');
  assert.deepEqual(engine.tagsDispatched(), ['get-latest-news'], 'the app host fired it');
  assert.equal((await cli('pause', app.id)).exitCode, 0);
  assert.equal(host.operations.list()[0]?.paused, true, 'the pause reached the running app');
  assert.equal((await cli('resume', app.id)).exitCode, 0);
  const status = JSON.parse((await cli('status')).stdout) as {
    running: boolean;
    pid: number;
    engine: string;
  };
  assert.deepEqual([status.running, status.pid, status.engine], [true, process.pid, 'test']);

  // A `serve` beside the running app is refused: one host per data dir.
  const serve = await runProcess(BIN, ['--data-dir', dataDir, 'serve']);
  assert.equal(serve.exitCode, 1);
  assert.match(serve.stderr, /already/i);

  await host.stop();
  stopped = true;
  const units = join(desktop, 'config', 'systemd', 'user');
  const timer = readdirSync(units).find(
    (file) => file.startsWith('pwa-host-wake-') && file.endsWith('.timer') && existsSync(join(units, file)),
  );
  assert.ok(timer, 'quitting leaves a systemd user timer for the next due time');
  const service = readFileSync(join(units, timer.replace(/\.timer$/, '.service')), 'utf8');
  // On Ozone's headless platform: a timer can fire before the session exports a display (Electron aborts
  // without one on X11 and Wayland), and a wake-up shows no window.
  assert.match(
    service,
    /^ExecStart="\/opt\/PWA Host\/pwa-host" "--data-dir" ".+" "--ozone-platform=headless" "--run-due"$/m,
  );
  assert.doesNotMatch(service, /bin\/pwa-host|serve/);
});

test('a client asks the desktop host to show an app: its window opens through the shell; a headless host says it has no windows', {
  timeout: 60_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const origin = 'https://news.example';
  const store = Store.open(dataDir);
  const app = store.apps.upsert(fixtureApp(origin, 'News'), Date.now());
  store.close();
  const shown: string[] = [];
  const { parts } = desktopTestParts(dataDir, `${origin}/`);
  const host = await startDesktopHost(
    { ...parts, openApp: (target) => shown.push(target.id) },
    { dataDir, logger: silentLogger },
  );
  t.after(() => host.stop());
  const client = await ControlClient.connect(controlSocketPath(dataDir));
  assert.ok(client, 'the desktop host answers on its control socket');
  t.after(() => client.close());
  const api = createApiClient(client);

  assert.equal((await api.status()).showsWindows, true);
  assert.equal((await api.showApp({ app: 'news' })).id, app.id);
  assert.deepEqual(shown, [app.id], 'the shell opened (or focused) the app’s window once');
  await assert.rejects(api.showApp({ app: 'mail' }), { code: 'app-not-found' });

  const headlessDir = tempDataDir(t);
  const headless = Store.open(headlessDir);
  headless.apps.upsert(fixtureApp(origin, 'News'), Date.now());
  headless.close();
  const withoutWindows = await startDesktopHost(desktopTestParts(headlessDir, `${origin}/`).parts, {
    dataDir: headlessDir,
    logger: silentLogger,
  });
  t.after(() => withoutWindows.stop());
  assert.equal(withoutWindows.operations.status().showsWindows, false);
  assert.throws(() => withoutWindows.operations.showApp({ app: 'news' }), {
    code: 'no-windows',
    message: /shows no windows.*open News from its launcher/,
  });
});
