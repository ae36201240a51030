import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import type { HostOperations } from '../../app/host/host-api.ts';
import type { InstallProgress } from '../../app/host/host-operations.ts';
import { appIdFor } from '../../app/install/app-id.ts';
import { launcherPath } from '../../app/os/launchers/launchers.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, childEnv, MAIN, NODE, runProcess } from '../cli/helpers/run-cli.ts';
import { FIXTURE_PORTS, type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { chromiumEngine, openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { chromiumHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';

const page = (body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
const worker = (script = '/sw.js') => `<script>navigator.serviceWorker.register('${script}')</script>`;
const manifestLink = (href: string) => `<link rel="manifest" href="${href}">`;
const MANIFEST = 'application/manifest+json';
const POLL_FOREVER = '<script>setInterval(() => fetch("/ping?" + Math.random()), 300)</script>';

describe('install faults (real Chromium, fixture servers)', { timeout: 240_000 }, () => {
  let news: FixtureServer;
  let mail: FixtureServer;
  let broken: FixtureServer;
  let chromium: ChromiumHost;
  let operations: HostOperations;

  before(async () => {
    news = await startFixtureServer('news');
    mail = await startFixtureServer('mail');
    broken = await startFixtureServer('broken', 'news');
    chromium = await startChromiumHost();
    operations = chromiumHostOperations(chromium);
  });

  after(async () => {
    await chromium.close();
    await news.close();
    await mail.close();
    await broken.close();
  });

  const workerOn = (origin: string) =>
    chromium.engine.workerScopes().some((scope) => scope.startsWith(origin));

  test('#7 a failed install redirected to an installed app keeps that app whole', async () => {
    const installed = await operations.install({ url: `${news.origin}/` });
    await chromium.host.core.runNow(`${news.origin}/`, 'get-latest-news');
    const { store } = chromium.host;
    const registrationsBefore = store.registrations.list(installed.id);
    assert.equal(registrationsBefore.length, 1);
    assert.equal(store.runs.list({ appId: installed.id }).length, 1);
    const icon = installed.icons[0]?.file;
    assert.ok(icon && existsSync(join(chromium.dataDir, icon)));

    // URL-A redirects to a page on B's origin whose manifest claims B's id and whose start page never settles.
    broken.override('/to-news', { status: 302, location: `${news.origin}/claims-news` });
    news.override('/claims-news', { body: page('claims', worker() + manifestLink('/claims.webmanifest')) });
    news.override('/claims.webmanifest', {
      type: MANIFEST,
      body: '{ "id": "/", "name": "Fixture News", "start_url": "/busy" }',
    });
    news.override('/busy', { body: page('busy', worker() + POLL_FOREVER) });
    await assert.rejects(operations.install({ url: `${broken.origin}/to-news` }), /never settled/);

    const after = store.apps.get(installed.id);
    assert.ok(after, 'the installed app is still recorded');
    assert.equal(after.startUrl, installed.startUrl, 'the failed attempt did not rewrite it');
    assert.deepEqual(store.registrations.list(installed.id), registrationsBefore);
    assert.equal(store.runs.list({ appId: installed.id }).length, 1, 'its runs are kept');
    assert.ok(existsSync(join(chromium.dataDir, icon)), 'its icon is kept');
    assert.ok(existsSync(launcherPath(installed.id, { dataDir: chromium.dataDir })), 'its launcher is kept');
    assert.ok(workerOn(news.origin), 'its service worker is kept');
    assert.equal(operations.list().length, 1, 'nothing else was recorded');
  });

  test('#7 a failed first install through a redirect leaves no worker on the target origin', async () => {
    broken.override('/to-mail', { status: 302, location: `${mail.origin}/broken-page` });
    mail.override('/broken-page', { body: page('broken', worker() + manifestLink('/bad.webmanifest')) });
    mail.override('/bad.webmanifest', { type: MANIFEST, body: '{ "name": "Broken", ' });
    await assert.rejects(operations.install({ url: `${broken.origin}/to-mail` }), /cannot be used/);
    assert.equal(
      operations.list().some((app) => app.origin === mail.origin),
      false,
    );
    await waitFor('no worker left on the redirect target', () => !workerOn(mail.origin));
  });

  test('#7 a redirect to an insecure origin is refused like an insecure install URL', async () => {
    broken.override('/to-insecure', { status: 302, location: `http://localhost.:${FIXTURE_PORTS.mail}/` });
    await assert.rejects(
      operations.install({ url: `${broken.origin}/to-insecure` }),
      /localhost\.:\d+ is not a secure origin/,
    );
    assert.deepEqual(chromium.host.store.apps.listByOrigin(broken.origin), []);
  });

  test('#18 a failed install of an app that registers in activate leaves no registration', async () => {
    mail.override('/activating-broken', {
      body: page('a', worker('/sw-activate.js') + manifestLink('/bad.webmanifest')),
    });
    mail.override('/sw-activate.js', {
      type: 'text/javascript',
      body: `self.addEventListener('activate', (event) => event.waitUntil(
        self.registration.periodicSync.register('from-activate', { minInterval: 1000 })
          .then(() => fetch('/registered-in-activate'), (error) => fetch('/refused-in-activate?' + error.name))));`,
    });
    const since = Date.now();
    await assert.rejects(operations.install({ url: `${mail.origin}/activating-broken` }), /cannot be used/);
    await mail.waitForRequest('/registered-in-activate', 5000, since);
    assert.equal(chromium.host.store.registrations.get(`${mail.origin}/`, 'from-activate'), undefined);
    assert.deepEqual(chromium.host.store.apps.listByOrigin(mail.origin), [], 'no record grants the origin');
    await waitFor('no worker left', () => !workerOn(mail.origin));
  });

  test('#18 a first install whose worker registers in its activate handler keeps that registration', async () => {
    const app = await operations.install({
      url: `${broken.origin}/?no-register&sw=${encodeURIComponent('/sw.js?activate-tag=from-activate')}`,
    });
    const registration = chromium.host.store.registrations.get(`${broken.origin}/`, 'from-activate');
    assert.ok(registration, 'the registration made in activate during the first install exists');
    assert.equal(registration.appId, app.id);
    const launcher = readFileSync(launcherPath(app.id, { dataDir: chromium.dataDir }), 'utf8');
    assert.match(
      launcher,
      new RegExp(`^Icon=.*/icons/${app.id}/0\\.png$`, 'm'),
      'the launcher shows the saved icon',
    );
  });

  test('#13 icons: a huge stream, a forbidden origin and a redirect to one are not saved; good icons are', async () => {
    const spyOrigin = `http://localhost:${FIXTURE_PORTS.mail}`;
    news.override('/iconic', { body: page('iconic', worker() + manifestLink('/iconic.webmanifest')) });
    news.override('/endless.png', { type: 'image/png', streamBytes: Number.POSITIVE_INFINITY });
    news.override('/redirect.png', { status: 302, location: `${spyOrigin}/spy-redirected.png` });
    news.override('/iconic.webmanifest', {
      type: MANIFEST,
      body: JSON.stringify({
        id: '/iconic',
        name: 'Iconic',
        start_url: '/iconic',
        scope: '/iconic',
        icons: [
          { src: '/endless.png', sizes: '512x512', type: 'image/png' },
          { src: `${spyOrigin}/spy.png`, sizes: '64x64', type: 'image/png' },
          { src: '/redirect.png', sizes: '96x96', type: 'image/png' },
          { src: 'file:///etc/passwd', sizes: '48x48', type: 'image/png' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        ],
      }),
    });
    const app = await operations.install({ url: `${news.origin}/iconic` });
    assert.deepEqual(
      app.icons.map((icon) => icon.src),
      [`${news.origin}/icon-192.png`],
    );
    assert.equal(
      mail.requests.some((request) => request.path.startsWith('/spy')),
      false,
      'no request reached the forbidden origin',
    );
    await operations.uninstall({ app: app.id });
  });

  test('a manifest with 10,000 icons: only the icons fetched are stored, so `list` stays small', async () => {
    news.override('/many-icons', { body: page('many', worker() + manifestLink('/many.webmanifest')) });
    const icons = Array.from({ length: 10_000 }, (_, index) => ({
      src: index === 0 ? '/icon-192.png' : `/missing-icon-${index}.png`,
      sizes: '192x192',
      type: 'image/png',
    }));
    news.override('/many.webmanifest', {
      type: MANIFEST,
      body: JSON.stringify({
        id: '/many',
        name: 'Many',
        start_url: '/many-icons',
        scope: '/many-icons',
        icons,
      }),
    });
    const app = await operations.install({ url: `${news.origin}/many-icons` });
    assert.deepEqual(
      app.icons.map((icon) => icon.src),
      [`${news.origin}/icon-192.png`],
      'the one icon saved, and no reference to the icons not fetched',
    );
    const listed = operations.list().find((each) => each.id === app.id);
    assert.ok(listed);
    assert.ok(
      JSON.stringify(listed).length < 4096,
      `the app in list is ${JSON.stringify(listed).length} bytes`,
    );
    await operations.uninstall({ app: app.id });
  });

  test('#17 a manifest id that collides with an installed app is reported as its update, and no registration stays outside the new scope', async (t) => {
    const before = operations.list().find((app) => app.origin === news.origin);
    assert.ok(before);
    assert.ok(chromium.host.store.registrations.get(`${news.origin}/`, 'get-latest-news'));
    // A sync waiting for the network, sent from the root scope the update leaves.
    chromium.connectivity.set(false);
    t.after(() => chromium.connectivity.set(true));
    chromium.host.core.registerOneOff(before.id, `${news.origin}/`, 'outbox');
    news.override('/other/', { body: page('other', worker() + manifestLink('/other.webmanifest')) });
    news.override('/other.webmanifest', {
      type: MANIFEST,
      body: '{ "id": "/", "name": "Other News", "start_url": "/other/", "scope": "/other/" }',
    });
    const progress: InstallProgress[] = [];
    const app = await operations.install(
      { url: `${news.origin}/other/` },
      { onProgress: (step) => progress.push(step) },
    );
    assert.equal(app.id, before.id);
    assert.equal(app.scope, `${news.origin}/other/`);
    const done = progress.find((step) => step.step === 'done');
    assert.match(
      done?.detail ?? '',
      /^updated .*"Fixture News".*now "Other News".*scope .*\/other\/.*removed 1 registration outside the new scope: get-latest-news; dropped 1 pending one-off sync outside it: outbox$/,
    );
    assert.deepEqual(chromium.host.store.oneOffSyncs.list(app.id), []);
    const outside = chromium.host.store.registrations
      .list(app.id)
      .filter((registration) => !registration.scope.startsWith(app.scope));
    assert.deepEqual(outside, []);
    assert.equal(chromium.host.store.registrations.get(`${news.origin}/`, 'get-latest-news'), undefined);
  });
});

test('#13 an endless icon stream keeps the installing process small (child max RSS)', {
  timeout: 120_000,
}, async (t) => {
  const server = await startFixtureServer('broken', 'news');
  t.after(() => server.close());
  server.override('/huge.png', { type: 'image/png', streamBytes: 300 * 1024 * 1024 });
  const dataDir = tempDataDir(t);
  const saveIcons = new URL('../../app/install/save-icons.ts', import.meta.url).pathname;
  const script = `
    import { saveIcons } from ${JSON.stringify(saveIcons)};
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const icons = await saveIcons(${JSON.stringify(dataDir)}, 'huge', [{ url: ${JSON.stringify(`${server.origin}/huge.png`)}, type: 'image/png' }], quiet, ${JSON.stringify(server.origin)});
    console.log(JSON.stringify({ saved: icons.some((icon) => icon.file), maxRssKiB: process.resourceUsage().maxRSS }));`;
  const result = await runProcess(NODE, ['--input-type=module', '-e', script]);
  assert.equal(result.exitCode, 0, result.stderr);
  const { saved, maxRssKiB } = JSON.parse(result.stdout) as { saved: boolean; maxRssKiB: number };
  console.error(`child max RSS while refusing a 300 MB icon: ${Math.round(maxRssKiB / 1024)} MiB`);
  assert.equal(saved, false, 'the oversized icon is not saved');
  assert.ok(maxRssKiB < 160 * 1024, `max RSS ${Math.round(maxRssKiB / 1024)} MiB stays under 160 MiB`);
});

async function killDuringStartUp(t: TestContext, dataDir: string, server: FixtureServer, url: string) {
  const child = spawn(NODE, [MAIN, '--data-dir', dataDir, 'install', url], {
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await server.waitForRequest('/slow/wait.js', 60_000);
  child.kill('SIGKILL');
  await once(child, 'exit');
}

test('#12 install killed (SIGKILL) during its start-up step: the app is never half installed', {
  timeout: 180_000,
}, async (t) => {
  const server = await startFixtureServer('broken', 'news');
  t.after(() => server.close());
  server.override('/slow/', { body: page('slow', worker() + manifestLink('/slow.webmanifest')) });
  server.override('/slow.webmanifest', {
    type: MANIFEST,
    body: JSON.stringify({
      name: 'Slow',
      start_url: '/slow/start',
      scope: '/slow/',
      icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }],
    }),
  });
  server.override('/slow/start', { body: page('start', `${worker()}<script src="/slow/wait.js"></script>`) });
  server.override('/slow/wait.js', { type: 'text/javascript', delayMs: 60_000 });
  const dataDir = tempDataDir(t);
  await killDuringStartUp(t, dataDir, server, `${server.origin}/slow/`);

  const listed = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'list']);
  assert.equal(listed.exitCode, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout), [], 'a read command shows no half-installed app');

  const next = await runProcess(BIN, ['--data-dir', dataDir, 'serve', '--run-due']);
  assert.equal(next.exitCode, 0, next.stderr);
  const store = Store.open(dataDir, { readonly: true });
  try {
    assert.deepEqual(
      store.apps.listByOrigin(server.origin),
      [],
      'the next start undid the interrupted install',
    );
  } finally {
    store.close();
  }
  const icons = join(dataDir, 'icons');
  assert.deepEqual(existsSync(icons) ? readdirSync(icons) : [], [], 'no icons are left');
  const id = appIdFor(`${server.origin}/slow/start`);
  assert.equal(existsSync(launcherPath(id, { dataDir })), false, 'no launcher is left');

  // The profile: a worker of another origin shows up (the browser reported its workers), this one's not.
  const engine = chromiumEngine(join(dataDir, 'chromium-profile'));
  const host = await createHost({
    dataDir,
    engine,
    connectivity: new ManualConnectivity(true),
    schedule: false,
  });
  try {
    const news = await startFixtureServer('news');
    t.after(() => news.close());
    const other = await openWithWorker(engine, `${news.origin}/?no-register`);
    await other.close();
    await waitFor('the other origin’s worker to be reported', () =>
      engine.workerScopes().some((scope) => scope.startsWith(news.origin)),
    );
    assert.deepEqual(
      engine.workerScopes().filter((scope) => scope.startsWith(server.origin)),
      [],
      'no worker of the undone install is left in the profile',
    );
  } finally {
    await host.close();
  }
});
