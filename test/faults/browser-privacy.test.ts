/**
 * Issue 19 #9: nothing but the apps' own traffic may leave the host's browser. A person's environment sends
 * it through an HTTP proxy (http_proxy/https_proxy, which Chromium honours on Linux); the proxy here records
 * every request and forwards none. The browser is started three times (install, serve, a start after an
 * idle stop) and the app's task fetches its feed from another host: the proxy must see that and nothing
 * else — no time queries, component updates, account lookups or anything else of the browser's own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { BIN, childEnv, runProcess, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { type LoggingProxy, proxyEnvironment, startLoggingProxy } from '../helpers/logging-proxy.ts';
import { startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { ensureUiBuilt } from '../ui/helpers/ui-browser.ts';

/** The app's feed: another host, reached only through the proxy (which answers for it). */
const FEED_HOST = 'feed.news-fixture.example';
/** How long the browsers are watched after the host starts serving: the browser's own chatter comes at once. */
const WATCH_MS = 20_000;

function notTheApps(proxy: LoggingProxy): string[] {
  return proxy.requests
    .filter((request) => request.host !== FEED_HOST)
    .map((request) => `${request.method} ${request.target}`);
}

for (const backend of browserBackends()) {
  test(`${backend.name}: through a proxy in the environment, the host's browser sends the app's requests and nothing else`, {
    timeout: 240_000,
  }, async (t) => {
    const proxy = await startLoggingProxy({ [FEED_HOST]: '{"stories":[]}' });
    t.after(() => proxy.close());
    const news = await startFixtureServer('news');
    t.after(() => news.close());
    const dataDir = tempDataDir(t);
    const env = { ...proxyEnvironment(proxy.url), CHROME_PATH: backend.executable };
    const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args], env);

    // Start 1: the install's own browser.
    const installed = await cli('install', `${news.origin}/?tag=fetch-feed`);
    assert.equal(installed.exitCode, 0, installed.stderr);
    // Start 2: the serving host's browser, which runs the app's task.
    startServe(t, dataDir, env);
    await waitForSocket(controlSocketPath(dataDir));
    const servingSince = Date.now();
    const fetchFeed = async () => {
      const ran = await cli('--json', 'run', 'Fixture', 'fetch-feed');
      assert.equal(ran.exitCode, 0, ran.stderr || ran.stdout);
      assert.equal((JSON.parse(ran.stdout) as { outcome: string }).outcome, 'success', ran.stdout);
    };
    await fetchFeed();
    // Start 3: after an idle stop, for the next task.
    assert.equal((await cli('config', 'set', 'browser-idle', '1s')).exitCode, 0);
    await waitFor(
      'the browser to stop for being idle',
      async () => /stopped \(idle\)/.test((await cli('status')).stdout),
      30_000,
    );
    await fetchFeed();
    await sleep(Math.max(0, servingSince + WATCH_MS - Date.now()));

    assert.ok(
      proxy.requests.filter((request) => request.host === FEED_HOST).length >= 2,
      `the app's own requests go through the proxy: ${JSON.stringify(proxy.requests)}`,
    );
    assert.deepEqual(notTheApps(proxy), [], 'the browser sent requests of its own');
  });
}

test('the management UI window (full Chromium) sends nothing through a proxy in the environment', {
  timeout: 240_000,
}, async (t) => {
  await ensureUiBuilt();
  const proxy = await startLoggingProxy();
  t.after(() => proxy.close());
  const dataDir = tempDataDir(t);
  const ui = spawn(BIN, ['--data-dir', dataDir, 'ui'], {
    env: childEnv({ ...proxyEnvironment(proxy.url), PWA_HOST_UI_HEADLESS: '1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  t.after(() => stopProcess(ui));
  let stderr = '';
  ui.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  await waitFor('the UI to open', () => stderr.includes('The management UI is open.'), 60_000);
  await sleep(WATCH_MS);
  assert.deepEqual(notTheApps(proxy), [], 'the window or its host sent requests of their own');
});
