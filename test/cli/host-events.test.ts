import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type TestContext, test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { ControlClient } from '../../app/control/control-client.ts';
import { startControlServer } from '../../app/control/control-server.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { createApiClient } from '../../app/host/api-client.ts';
import { createHost } from '../../app/host/create-host.ts';
import type { HostApi } from '../../app/host/host-api.ts';
import type { HostEventMessage } from '../../app/host/host-events.ts';
import type { Logger } from '../../app/logging/logger.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';
import { RawConnection } from './helpers/raw-connection.ts';
import { childEnv, MAIN, NODE, runCli } from './helpers/run-cli.ts';

const NEWS = 'https://news.example';
const MAIL = 'https://mail.example';

/**
 * A real host (SQLite store in a temp data dir, core, planner) on the test engine, serving the host API on
 * its real control socket from this process. Two apps; News's worker has registered `get-latest-news`
 * through the engine port, as a page would.
 */
async function serveRealHost(t: TestContext, options: { limits?: object; appName?: string } = {}) {
  const dataDir = tempDataDir(t);
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (_fields, message) => warnings.push(message),
    error: (_fields, message) => warnings.push(message),
  };
  const engine = new TestEngine([`${NEWS}/`, `${MAIL}/`]);
  const connectivity = new ManualConnectivity(true);
  const host = await createHost({ dataDir, engine, connectivity, logger, developerMode: true });
  const news = host.store.apps.upsert(fixtureApp(NEWS, options.appName ?? 'News'), Date.now());
  host.store.apps.upsert(fixtureApp(MAIL, 'Mail'), Date.now());
  const operations = testEngineHostOperations(host, logger);
  const server = await startControlServer({
    socketPath: controlSocketPath(dataDir),
    operations,
    logger,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  t.after(async () => {
    await server.close();
    await operations.close();
    await host.close();
  });
  (engine.host as NonNullable<typeof engine.host>).register(
    { origin: NEWS, scope: `${NEWS}/` },
    'get-latest-news',
    60_000,
  );
  return { dataDir, host, engine, connectivity, news, server, warnings };
}

async function connectApi(t: TestContext, socketPath: string): Promise<HostApi & { client: ControlClient }> {
  const client = await ControlClient.connect(socketPath);
  assert.ok(client, 'the host should answer');
  t.after(() => client.close());
  return Object.assign(createApiClient(client), { client });
}

/** Collects the events a subscriber receives; `until` waits for one matching a predicate. */
function eventLog() {
  const received: HostEventMessage[] = [];
  return {
    received,
    handler: (message: HostEventMessage) => received.push(message),
    until: (what: string, match: (message: HostEventMessage) => boolean) =>
      waitFor(what, () => received.find(match)),
  };
}

test('a subscriber sees another client pause and resume an app, run a task and change a setting', async (t) => {
  const { server, news, connectivity, engine } = await serveRealHost(t);
  const watcher = await connectApi(t, server.socketPath);
  const actor = await connectApi(t, server.socketPath);
  const log = eventLog();
  await watcher.subscribe(
    [
      'app-paused',
      'app-resumed',
      'run-started',
      'run-finished',
      'settings-changed',
      'connectivity',
      'browser-state',
    ],
    log.handler,
  );

  await actor.pause({ app: 'News' });
  await actor.resume({ app: news.id });
  const run = await actor.run({ app: 'news', tag: 'get-latest-news' });
  await actor.configSet({ key: 'time-limit', value: '2m' });
  connectivity.set(false);
  engine.setState({ status: 'restarting', attempt: 1, reason: 'the browser exited' });

  await log.until('the browser state', (message) => message.event === 'browser-state');
  assert.deepEqual(
    log.received.map((message) => message.event),
    [
      'app-paused',
      'app-resumed',
      'run-started',
      'run-finished',
      'settings-changed',
      'connectivity',
      'browser-state',
    ],
  );
  const [paused, resumed, started, finished, setting, online, browser] = log.received;
  assert.partialDeepStrictEqual(paused, { event: 'app-paused', data: { id: news.id, paused: true } });
  assert.partialDeepStrictEqual(resumed, { event: 'app-resumed', data: { id: news.id, paused: false } });
  assert.partialDeepStrictEqual(started, {
    event: 'run-started',
    data: { id: run.id, appName: 'News', tag: 'get-latest-news', trigger: 'manual', outcome: null },
  });
  assert.deepEqual(finished, { event: 'run-finished', data: run });
  assert.equal(run.outcome, 'success');
  assert.equal(run.appName, 'News');
  assert.partialDeepStrictEqual(setting, {
    event: 'settings-changed',
    data: { key: 'time-limit', value: '2m' },
  });
  assert.deepEqual(online, { event: 'connectivity', data: { online: false } });
  assert.deepEqual(browser, {
    event: 'browser-state',
    data: { status: 'restarting', attempt: 1, reason: 'the browser exited' },
  });
  // The acting client subscribed to nothing and got only its replies.
  assert.equal((await actor.list()).length, 2);
});

test('registration changes reach a subscriber with the app they belong to; unsubscribing stops them', async (t) => {
  const { server, engine, news } = await serveRealHost(t);
  const watcher = await connectApi(t, server.socketPath);
  const log = eventLog();
  const unsubscribe = await watcher.subscribe(['registrations-changed'], log.handler);
  const engineHost = engine.host as NonNullable<typeof engine.host>;
  engineHost.register({ origin: NEWS, scope: `${NEWS}/` }, 'daily-digest', 86_400_000);
  await log.until('the new registration', () => true);
  assert.deepEqual(log.received, [
    { event: 'registrations-changed', data: { scope: `${NEWS}/`, appId: news.id, kind: 'periodic' } },
  ]);
  // A page registers on every load: registering the same tag with the same interval changes nothing.
  engineHost.register({ origin: NEWS, scope: `${NEWS}/` }, 'daily-digest', 86_400_000);
  assert.equal((await watcher.list()).length, 2);
  assert.equal(log.received.length, 1, 'an unchanged registration is not reported');

  await unsubscribe();
  engineHost.unregister({ origin: NEWS, scope: `${NEWS}/` }, 'daily-digest');
  // A request after the change is answered after any event the change caused would have been sent.
  assert.equal((await watcher.syncs({ app: 'News' })).length, 1);
  assert.equal(log.received.length, 1, 'no event after unsubscribing');
});

test('typed error codes come through the socket intact, without CLI advice in the message', async (t) => {
  const { server, host, dataDir } = await serveRealHost(t);
  host.store.apps.upsert(fixtureApp('https://newsletter.example', 'Newsletter'), Date.now());
  const api = await connectApi(t, server.socketPath);
  const cases: [string, Promise<unknown>, string][] = [
    ['no such app', api.pause({ app: 'Weather' }), 'app-not-found'],
    ['two apps match', api.run({ app: 'News', tag: 'get-latest-news' }), 'app-ambiguous'],
    ['no such tag', api.run({ app: 'Mail', tag: 'nope' }), 'registration-not-found'],
    ['no such setting', api.configSet({ key: 'colour', value: 'blue' }), 'unknown-setting'],
    ['a bad value', api.configSet({ key: 'time-limit', value: 'soon' }), 'invalid-value'],
    ['no such page', api.closePage({ id: 'page-9' }), 'page-not-found'],
    ['bad arguments', api.runs({ limit: 0 }), 'invalid-request'],
  ];
  for (const [what, call, code] of cases) {
    const error = await call.then(
      () => assert.fail(`${what}: the call should fail`),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof HostError, what);
    assert.equal(error.code, code, what);
    assert.doesNotMatch(error.message, /pwa-host /, `${what}: no CLI command in the API's message`);
  }

  // The CLI adds its own hint to the same code.
  const cli = await runCli(['--data-dir', dataDir, 'pause', 'Weather']);
  assert.equal(cli.exitCode, 1);
  assert.match(
    cli.stderr,
    /No installed app has the id or a name starting with "Weather"\. See `pwa-host list`\./,
  );
});

test('a browser that is not running is a factual error through the socket; the CLI adds where to look', async (t) => {
  const { server, engine, news, dataDir } = await serveRealHost(t);
  engine.setState({ status: 'restarting', attempt: 2, reason: 'Chromium exited with SIGKILL' });
  const api = await connectApi(t, server.socketPath);
  const error = await api.run({ app: news.id, tag: 'get-latest-news' }).then(
    () => assert.fail('the run should be refused'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof HostError);
  assert.equal(error.code, 'browser-unavailable');
  assert.equal(
    error.message,
    'The browser is not running: restarting (attempt 2: Chromium exited with SIGKILL).',
  );

  const cli = await runCli(['--data-dir', dataDir, 'run', news.id, 'get-latest-news']);
  assert.equal(cli.exitCode, 1);
  assert.match(
    cli.stderr,
    /The browser is not running: restarting \(attempt 2: Chromium exited with SIGKILL\)\. Try again once `pwa-host status` shows it running\./,
  );
});

test('a subscriber that does not read its events is dropped like any slow reader; the host carries on', async (t) => {
  // A long name makes each app-paused event about 64 KiB, so unread events pile up quickly.
  const { server, warnings } = await serveRealHost(t, {
    limits: { maxUnsentReplyBytes: 1024 * 1024, drainTimeoutMs: 2000 },
    appName: `News ${'x'.repeat(64 * 1024)}`,
  });
  const sleeper = await RawConnection.open(server.socketPath);
  t.after(() => sleeper.close());
  sleeper.send('{"id":1,"op":"subscribe","args":{"events":["app-paused","app-resumed"]}}\n');
  assert.deepEqual(await sleeper.next(), { id: 1, ok: true, result: null });
  sleeper.socket.pause(); // never read an event

  const actor = await connectApi(t, server.socketPath);
  const droppedLogged = () => warnings.some((message) => /did not read its replies/.test(message));
  for (let toggle = 0; toggle < 400 && !droppedLogged(); toggle++) {
    await (toggle % 2 === 0 ? actor.pause({ app: 'News' }) : actor.resume({ app: 'News' }));
  }
  await waitFor('the host to drop the slow subscriber', droppedLogged, 30_000);
  // Reading again shows the end of the connection once what was sent before the drop is read.
  sleeper.socket.resume();
  await sleeper.closed;
  // The acting client, and the host, carry on.
  assert.equal((await actor.resume({ app: 'News' })).paused, false);
});

test('`runs --follow` prints each run as it finishes until Ctrl-C, then exits 0', async (t) => {
  const { server, dataDir } = await serveRealHost(t);
  const actor = await connectApi(t, server.socketPath);
  const before = await actor.run({ app: 'News', tag: 'get-latest-news' });

  const followers = [['--json'], []].map((flags) => {
    const child = spawn(NODE, [MAIN, '--data-dir', dataDir, ...flags, 'runs', '--follow'], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => child.kill('SIGKILL'));
    const output = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output.stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    return { child, output, json: flags.length > 0 };
  });
  // The history comes first: once the earlier run is printed, the follower has subscribed.
  for (const { output } of followers) {
    await waitFor('the history', () => output.stdout.split('\n').length > 1, 20_000);
  }

  const live = await actor.run({ app: 'News', tag: 'get-latest-news' });
  for (const { output, json } of followers) {
    await waitFor('the new run', () => output.stdout.split('\n').length > 2, 20_000);
    const lines = output.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, `one line per run:\n${output.stdout}${output.stderr}`);
    if (json) {
      assert.deepEqual(
        lines.map((line) => JSON.parse(line)),
        [before, live],
      );
    } else {
      for (const line of lines) {
        assert.match(
          line,
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}News {2}periodic {2}get-latest-news {2}manual {2}1 {2}success {2}/,
        );
      }
    }
  }

  for (const { child, output } of followers) {
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, null, output.stderr);
    assert.equal(code, 0, output.stderr);
  }
});

test('`runs --follow` with no serving host says so, with a hint, and exits 1', async (t) => {
  const dataDir = tempDataDir(t);
  const human = await runCli(['--data-dir', dataDir, 'runs', '--follow']);
  assert.equal(human.exitCode, 1);
  assert.match(human.stderr, /runs --follow follows a serving host.*Start one with `pwa-host serve`\./);
  const json = await runCli(['--data-dir', dataDir, '--json', 'runs', '-f']);
  assert.equal(JSON.parse(json.stdout).error.code, 'host-not-running');
});
