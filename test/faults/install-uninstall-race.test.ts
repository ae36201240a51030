/**
 * Attack 15 of issue 19: `install` racing `uninstall` left a half-installed app (both reported success;
 * the app stayed listed with launcher and icons but no registrations), and two installs of one URL at once
 * both reported a fresh install. One host carries out one app change at a time: a second install of an app
 * waits and then updates it, an uninstall waits for an install under way. A serve host on real Chromium;
 * the uninstall is asked at each step of the install.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InstallProgress } from '../../app/host/host-operations.ts';
import { appIdFor } from '../../app/install/app-id.ts';
import { launcherPath } from '../../app/os/launchers/launchers.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';

const STEPS: InstallProgress['step'][] = [
  'loading',
  'service-worker',
  'manifest',
  'icons',
  'recording',
  'start-up',
];

test('install racing uninstall never leaves half an app; two installs of one URL: one installs, one updates', {
  timeout: 240_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { dataDir, served } = await startServedHost(t);
  const { operations } = served;
  const url = `${news.origin}/`;
  const appId = appIdFor(url);

  /** The app is wholly installed (listed, its task, launcher and icons) or wholly gone. */
  const whole = (): 'installed' | 'gone' => {
    const parts = {
      listed: operations.list().some((app) => app.id === appId),
      task: operations.syncs().some((sync) => sync.appId === appId && sync.tag === 'get-latest-news'),
      launcher: existsSync(launcherPath(appId, { dataDir })),
      icons: existsSync(join(dataDir, 'icons', appId)),
    };
    const values = Object.values(parts);
    assert.ok(values.every(Boolean) || !values.some(Boolean), `half an app: ${JSON.stringify(parts)}`);
    return parts.listed ? 'installed' : 'gone';
  };

  const installs = await Promise.all([operations.install({ url }), operations.install({ url })]);
  assert.deepEqual(
    installs.map((install) => install.updated).sort(),
    [false, true],
    'one fresh install, the other an update of it',
  );
  assert.equal(whole(), 'installed');

  for (const step of STEPS) {
    let uninstalling: Promise<unknown> | undefined;
    const install = operations.install(
      { url },
      {
        onProgress: (progress) => {
          if (progress.step === step) uninstalling ??= operations.uninstall({ app: appId });
        },
      },
    );
    await install;
    assert.ok(uninstalling, `the install reached ${step}`);
    await uninstalling;
    assert.equal(
      whole(),
      'gone',
      `asked to uninstall at the install's ${step} step, it waited, then removed it all`,
    );
    await operations.install({ url });
    assert.equal(whole(), 'installed');
  }
});
