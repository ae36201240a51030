/**
 * Issue 8 §2: the browser on demand. A serve host on real Chromium stops its browser when nothing is due
 * within `browser-idle` and nothing uses it, starts it again for the next due event, a manual run or an
 * `open`, keeps it with `browser-idle off`, and `status` says which. An idle stop is no crash: no
 * restart, no backoff, and the profile's workers are known again before anything could call them gone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { EngineState } from '../../app/engine/engine-port.ts';
import { findChromium } from '../../app/engine-chromium/find-chromium.ts';
import { renderStatus } from '../../app/headless/cli/render-status.ts';
import type { SyncSettings } from '../../app/sync/settings.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { browserPidOf, isRunning, processGroup, startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';

async function servedNews(t: import('node:test').TestContext, settings: Partial<SyncSettings>) {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { dataDir, served } = await startServedHost(t, settings);
  const states: EngineState['status'][] = [];
  served.host.engine.onStateChange?.((state) => states.push(state.status));
  const app = await served.operations.install({ url: `${news.origin}/?no-register` });
  return { news, dataDir, served, states, app, scope: `${news.origin}/` };
}

const browserStatus = (served: Awaited<ReturnType<typeof servedNews>>['served']) =>
  served.operations.status().browser?.status;

/** Waits until the browser is stopped for being idle and its whole process group is gone. */
async function waitForIdleStop(
  served: Awaited<ReturnType<typeof servedNews>>['served'],
  pid: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor('the browser to stop for being idle', () => browserStatus(served) === 'stopped', timeoutMs);
  await waitFor('the browser processes to be gone', () => processGroup(pid).length === 0, 10_000);
  assert.equal(isRunning(pid), false);
}

test('browser-idle 2 s: the browser stops while nothing is due, and starts for the due event, which succeeds', {
  timeout: 180_000,
}, async (t) => {
  const { served, dataDir, states, app, scope } = await servedNews(t, { browserIdleMs: 2000 });
  const { operations, host } = served;
  const firstBrowser = browserPidOf(dataDir);
  // Due in 40 s: well past the idle window and the 10 s start lead.
  host.core.register(app.id, scope, 'later', 40_000);
  const registeredAt = Date.now();

  await waitForIdleStop(served, firstBrowser);
  assert.deepEqual(operations.status().browser, { status: 'stopped', reason: 'idle' });
  assert.match(renderStatus(operations.status(), Date.now()), /browser\s+stopped \(idle\)/);
  console.error(`browser stopped ${Date.now() - registeredAt} ms after the registration`);
  // The browser being away does not make its workers "gone".
  assert.ok(operations.syncs().some((sync) => sync.tag === 'later'));

  const run = await waitFor(
    'the due event to run',
    () => operations.runs({ tag: 'later' }).find((candidate) => candidate.outcome !== null),
    90_000,
  );
  assert.equal(run.outcome, 'success', run.error ?? '');
  assert.equal(run.trigger, 'scheduled');
  const secondBrowser = browserPidOf(dataDir);
  assert.notEqual(secondBrowser, firstBrowser);
  assert.ok(
    operations.syncs().some((sync) => sync.tag === 'later'),
    'the registration is kept',
  );
  const startedAt = states.indexOf('starting');
  assert.ok(startedAt > states.indexOf('stopped'), states.join(' → '));
  assert.equal(states[startedAt + 1], 'running', states.join(' → '));

  // After its event it stops again; an idle stop is never a crash.
  await waitForIdleStop(served, secondBrowser);
  assert.ok(!states.includes('restarting') && !states.includes('failed'), states.join(' → '));
});

test('browser-idle 2 s: `run` and `open` start a stopped browser; `open` keeps it until the page closes, by `close` or after the idle time; many idle stops never back off', {
  timeout: 180_000,
}, async (t) => {
  const { served, dataDir, states, app, scope } = await servedNews(t, { browserIdleMs: 2000 });
  const { operations, host } = served;
  host.core.register(app.id, scope, 'manual', 60 * 60_000);
  let pid = browserPidOf(dataDir);
  await waitForIdleStop(served, pid);

  const run = await operations.run({ app: app.name, tag: 'manual' });
  assert.equal(run.outcome, 'success', run.error ?? '');
  assert.equal(run.trigger, 'manual');
  pid = browserPidOf(dataDir);
  await waitForIdleStop(served, pid);

  const opened = await operations.open({ app: app.id });
  assert.equal(browserStatus(served), 'running');
  pid = browserPidOf(dataDir);
  assert.equal(opened.closesAt, opened.openedAt + 2000, 'it closes after the browser-idle time');
  await operations.closePage({ id: opened.id });
  await waitForIdleStop(served, pid);

  // A page nobody closes keeps the browser only until it closes by itself, after the browser-idle time.
  const forgotten = await operations.open({ app: app.id });
  pid = browserPidOf(dataDir);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // half the idle window
  assert.equal(browserStatus(served), 'running', 'an open app page keeps the browser');
  assert.deepEqual(
    operations.pages().map((page) => page.id),
    [forgotten.id],
  );
  await waitFor('the page to close by itself', () => operations.pages().length === 0, 15_000);
  await waitForIdleStop(served, pid);

  // Five more stops within a minute: were they counted as exits, the fifth would read "failed".
  for (let cycle = 0; cycle < 5; cycle += 1) {
    const startedAt = Date.now();
    const page = await operations.open({ app: app.id });
    const startMs = Date.now() - startedAt;
    assert.ok(startMs < 20_000, `started at once (no backoff): ${startMs} ms`);
    pid = browserPidOf(dataDir);
    await operations.closePage({ id: page.id });
    await waitForIdleStop(served, pid);
  }
  assert.ok(!states.includes('restarting') && !states.includes('failed'), states.join(' → '));
});

test('browser-idle set with `config set`: the browser stops, `install` starts it; then off: it starts and stays', {
  timeout: 120_000,
}, async (t) => {
  const { served, dataDir } = await servedNews(t, {});
  const { operations } = served;
  assert.equal(operations.config().find((entry) => entry.key === 'browser-idle')?.value, '5m');
  let pid = browserPidOf(dataDir);
  assert.equal((await operations.configSet({ key: 'browser-idle', value: '2s' })).value, '2s');
  await waitForIdleStop(served, pid);

  const mail = await startFixtureServer('mail');
  t.after(() => mail.close());
  const installed = await operations.install({ url: `${mail.origin}/` });
  assert.ok(operations.list().some((app) => app.id === installed.id));
  pid = browserPidOf(dataDir);
  await waitForIdleStop(served, pid);

  assert.equal((await operations.configSet({ key: 'browser-idle', value: 'off' })).value, 'off');
  await waitFor('the browser to start again', () => browserStatus(served) === 'running', 30_000);
  const kept = browserPidOf(dataDir);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  assert.equal(browserStatus(served), 'running');
  assert.equal(browserPidOf(dataDir), kept);
  assert.ok(isRunning(kept));
});

test('over the command line: `config set browser-idle 2s` stops the served browser, `status` says so in both outputs, `run` starts it', {
  timeout: 180_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  const install = await cli('--json', 'install', `${news.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  const app = JSON.parse(install.stdout) as { id: string };
  startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const syncs = JSON.parse((await cli('--json', 'syncs')).stdout) as { tag: string }[];
  assert.deepEqual(
    syncs.map((sync) => sync.tag),
    ['get-latest-news'],
  );
  const browser = async () =>
    (JSON.parse((await cli('--json', 'status')).stdout) as { browser: unknown }).browser;
  assert.deepEqual(await browser(), { status: 'running' });
  const pid = browserPidOf(dataDir);

  const set = await cli('config', 'set', 'browser-idle', '2s');
  assert.equal(set.exitCode, 0, set.stderr);
  await waitFor(
    'status --json to say stopped',
    async () =>
      (await browser()) !== null &&
      JSON.stringify(await browser()) === '{"status":"stopped","reason":"idle"}',
    30_000,
  );
  const human = (await cli('status')).stdout;
  assert.match(human, /browser\s+stopped \(idle\)/);
  // Which binary runs, also while it is stopped: the lightest one found (the headless shell where installed).
  const binary = findChromium(undefined);
  assert.ok(human.includes(`browser binary     ${binary.path} (${binary.kind})\n`), human);
  await waitFor('the browser processes to be gone', () => processGroup(pid).length === 0, 10_000);

  const run = await cli('--json', 'run', app.id, 'get-latest-news');
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { outcome: string }).outcome, 'success');
  assert.notEqual(browserPidOf(dataDir), pid, 'a new browser ran the event');
  await waitFor(
    'the browser to stop again',
    async () => JSON.stringify(await browser()).includes('stopped'),
    30_000,
  );
});
