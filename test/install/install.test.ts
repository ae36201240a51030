import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostOperations } from '../../app/host/host-api.ts';
import type { InstallProgress } from '../../app/host/host-operations.ts';
import { launcherPath } from '../../app/os/launchers/launchers.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { chromiumHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';

const page = (body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
const workerAt = (path: string) => `<script>navigator.serviceWorker.register('${path}')</script>`;
const withWorker = workerAt('/sw.js');
const withManifest = (href: string) => `<link rel="manifest" href="${href}">`;

describe('install, update and uninstall (real Chromium, fixture servers)', { timeout: 240_000 }, () => {
  let news: FixtureServer;
  let broken: FixtureServer;
  let chromium: ChromiumHost;
  let operations: HostOperations;

  before(async () => {
    news = await startFixtureServer('news');
    broken = await startFixtureServer('broken', 'news');
    chromium = await startChromiumHost();
    operations = chromiumHostOperations(chromium);
  });

  after(async () => {
    await chromium.close();
    await news.close();
    await broken.close();
  });

  test('installs a PWA from its URL: manifest, icons, and the periodic syncs its start page registers', async () => {
    const steps: InstallProgress['step'][] = [];
    const app = await operations.install(
      { url: `${news.origin}/` },
      // A step may report more than once (the worker's progress): each counts once here.
      { onProgress: (progress) => steps.at(-1) !== progress.step && steps.push(progress.step) },
    );
    assert.deepEqual(steps, [
      'loading',
      'manifest',
      'service-worker',
      'icons',
      'recording',
      'start-up',
      'done',
    ]);
    assert.equal(app.name, 'Fixture News');
    assert.equal(app.updated, false, 'a first install is no update');
    assert.equal(app.shortName, 'News');
    assert.equal(app.manifestId, `${news.origin}/`);
    assert.equal(app.startUrl, `${news.origin}/`);
    assert.equal(app.scope, `${news.origin}/`);
    assert.equal(app.origin, news.origin);
    assert.equal(app.display, 'standalone');
    assert.equal(app.themeColor, '#1a73e8');
    assert.equal(app.backgroundColor, '#ffffff');
    assert.equal(app.icons.length, 1);
    assert.ok(
      app.icons[0]?.file && existsSync(join(chromium.dataDir, app.icons[0].file)),
      'the icon is saved in the data dir',
    );
    assert.match(app.id, /^[a-p]{32}$/);
    const registration = chromium.host.store.registrations.get(`${news.origin}/`, 'get-latest-news');
    assert.equal(
      registration?.minIntervalMs,
      86_400_000,
      'the start page registered its daily sync during the install',
    );
    const launcher = readFileSync(launcherPath(app.id, { dataDir: chromium.dataDir }), 'utf8');
    assert.match(launcher, new RegExp(`^Exec=.*pwa-host .*--app-id=${app.id}$`, 'm'));
    assert.match(launcher, /^Name=Fixture News$/m);
  });

  test('installing an installed app updates it', async () => {
    const before = operations.list().find((app) => app.origin === news.origin);
    assert.ok(before);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await operations.install({ url: `${news.origin}/` });
    assert.equal(updated.id, before.id);
    assert.equal(updated.updated, true, 'the result says it was an update');
    assert.equal(updated.installedAt, before.installedAt);
    assert.ok(updated.updatedAt > before.updatedAt);
    assert.equal(operations.list().filter((app) => app.origin === news.origin).length, 1);
  });

  test('uninstall removes the app, its registrations, runs, icons, storage and service worker', async () => {
    const app = operations.list().find((candidate) => candidate.origin === news.origin);
    assert.ok(app);
    await chromium.host.core.runNow(`${news.origin}/`, 'get-latest-news');
    assert.equal(operations.runs({ app: app.id }).length, 1);
    await operations.uninstall({ app: 'Fixture' });
    assert.deepEqual(operations.list(), []);
    assert.equal(chromium.host.store.registrations.list(app.id).length, 0);
    assert.equal(chromium.host.store.runs.list({ appId: app.id }).length, 0);
    assert.equal(existsSync(join(chromium.dataDir, 'icons', app.id)), false);
    assert.equal(
      existsSync(launcherPath(app.id, { dataDir: chromium.dataDir })),
      false,
      'the launcher is removed',
    );
    await waitFor('the worker registration to be gone', () =>
      chromium.engine.workerScopes().every((scope) => !scope.startsWith(news.origin)),
    );
  });

  test('three installs of one app at once (a double click, a script) both succeed and leave one whole app', async () => {
    const url = `${news.origin}/`;
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => operations.install({ url })));
    assert.ok(first && second && third);
    assert.equal(third.id, first.id);
    assert.equal(first.id, second.id);
    const installed = operations.list().filter((candidate) => candidate.origin === news.origin);
    assert.deepEqual(
      installed.map((app) => app.id),
      [first.id],
      'one record, complete',
    );
    assert.deepEqual(
      chromium.host.store.registrations.list(first.id).map((registration) => registration.tag),
      ['get-latest-news'],
      'its registration kept',
    );
    await operations.uninstall({ app: first.id });
  });

  const failures: [string, () => string, () => void, RegExp][] = [
    ['not a URL', () => 'news dot example', () => {}, /is not a URL/],
    ['an insecure origin', () => 'http://news.example/', () => {}, /not a secure origin.*HTTPS/],
    [
      'an unreachable server',
      () => 'http://127.0.0.1:18599/',
      () => {},
      /Could not reach .*ERR_CONNECTION_REFUSED/,
    ],
    ['an HTTP error', () => `${broken.origin}/missing/page.html`, () => {}, /answered HTTP 404/],
    [
      'a redirect loop',
      () => `${broken.origin}/loop`,
      () => broken.override('/loop', { status: 302, location: '/loop' }),
      /redirects in a loop/,
    ],
    [
      'no manifest',
      () => `${broken.origin}/no-manifest`,
      () => broken.override('/no-manifest', { body: page('no manifest', withWorker) }),
      /links no web app manifest/,
    ],
    [
      'a manifest that does not parse',
      () => `${broken.origin}/bad-manifest`,
      () => {
        broken.override('/bad-manifest', {
          body: page('bad', withWorker + withManifest('/bad.webmanifest')),
        });
        broken.override('/bad.webmanifest', {
          type: 'application/manifest+json',
          body: '{ "name": "Broken", ',
        });
      },
      /manifest .* cannot be used/,
    ],
    [
      'a manifest with no name',
      () => `${broken.origin}/nameless`,
      () => {
        broken.override('/nameless', {
          body: page('nameless', withWorker + withManifest('/nameless.webmanifest')),
        });
        broken.override('/nameless.webmanifest', {
          type: 'application/manifest+json',
          body: '{ "start_url": "/nameless" }',
        });
      },
      /neither "name" nor "short_name"/,
    ],
    [
      'no service worker',
      () => `${broken.origin}/no-worker`,
      () => broken.override('/no-worker', { body: page('no worker', withManifest('/manifest.webmanifest')) }),
      /registered no service worker within 10 s/,
    ],
    [
      'a page with neither manifest nor worker (said at once: no wait for a worker)',
      () => `${broken.origin}/bare`,
      () => broken.override('/bare', { body: page('bare') }),
      /links no web app manifest/,
    ],
    [
      "a worker whose install handler fails (a precache fetch), with the worker's own error",
      () => `${broken.origin}/precache`,
      () => {
        broken.override('/precache', {
          body: page('precache', workerAt('/precache-sw.js') + withManifest('/manifest.webmanifest')),
        });
        broken.override('/precache-sw.js', {
          type: 'text/javascript',
          body: `self.addEventListener('install', (event) =>
            event.waitUntil(caches.open('v1').then((cache) => cache.addAll(['/missing.css']))));`,
        });
      },
      /The service worker of .*\/precache failed to install: .*Cache\.addAll\(\) failed for '.*\/missing\.css': Response status 404/,
    ],
    [
      'a worker script that throws',
      () => `${broken.origin}/throws`,
      () => {
        broken.override('/throws', {
          body: page('throws', workerAt('/throws-sw.js') + withManifest('/manifest.webmanifest')),
        });
        broken.override('/throws-sw.js', {
          type: 'text/javascript',
          body: `throw new Error('broken worker');`,
        });
      },
      /failed to install: .*Uncaught Error: broken worker/,
    ],
    [
      'a worker script the server does not have',
      () => `${broken.origin}/no-script`,
      () =>
        broken.override('/no-script', {
          body: page('no script', workerAt('/nowhere-sw.js') + withManifest('/manifest.webmanifest')),
        }),
      /failed to install: A bad HTTP response code \(404\) was received when fetching the script/,
    ],
    [
      'a worker whose install handler never finishes',
      () => `${broken.origin}/stuck`,
      () => {
        broken.override('/stuck', {
          body: page('stuck', workerAt('/stuck-sw.js') + withManifest('/manifest.webmanifest')),
        });
        broken.override('/stuck-sw.js', {
          type: 'text/javascript',
          body: `self.addEventListener('install', (event) => event.waitUntil(new Promise(() => {})));`,
        });
      },
      /still installing \(its install handler had not finished\) after 10 s/,
    ],
    [
      'a start URL outside the scope',
      () => `${broken.origin}/outside`,
      () => {
        broken.override('/outside', {
          body: page('outside', withWorker + withManifest('/outside.webmanifest')),
        });
        broken.override('/outside.webmanifest', {
          type: 'application/manifest+json',
          body: '{ "name": "Outside", "start_url": "/elsewhere/", "scope": "/app/" }',
        });
      },
      /start_url .* is outside its scope/,
    ],
    [
      'a start page that never settles',
      () => `${broken.origin}/busy`,
      () => {
        const poll = '<script>setInterval(() => fetch("/ping?" + Math.random()), 300)</script>';
        broken.override('/busy', {
          body: page('busy', withWorker + withManifest('/busy.webmanifest') + poll),
        });
        broken.override('/busy.webmanifest', {
          type: 'application/manifest+json',
          body: '{ "name": "Busy", "start_url": "/busy" }',
        });
      },
      /never settled/,
    ],
  ];

  for (const [what, url, prepare, message] of failures) {
    test(`install refuses ${what} with a clear error and leaves nothing behind`, async () => {
      prepare();
      await assert.rejects(operations.install({ url: url() }), message);
      assert.deepEqual(operations.list(), []);
      await waitFor('no worker left for the origin', () =>
        chromium.engine.workerScopes().every((scope) => !scope.startsWith(broken.origin)),
      );
      // The profile itself, as a page of the origin sees it (the engine's view could miss a registration).
      const check = await chromium.engine.openPage();
      try {
        await check.navigate(`${broken.origin}/nothing-here`, 10_000);
        assert.deepEqual(
          await check.evaluate('navigator.serviceWorker.getRegistrations().then((all) => all.length)'),
          0,
        );
      } finally {
        await check.close();
      }
    });
  }
});
