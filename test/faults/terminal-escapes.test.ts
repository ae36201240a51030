import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderApps } from '../../app/headless/cli/render-apps.ts';
import { renderRunLine, renderRuns } from '../../app/headless/cli/render-runs.ts';
import { renderStatus } from '../../app/headless/cli/render-status.ts';
import { renderSyncs } from '../../app/headless/cli/render-syncs.ts';
import type { HostStatus, RunSummary, SyncSummary } from '../../app/host/host-operations.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';

/**
 * What a page controls and the CLI prints: an OSC that retitles the terminal (and rings BEL), a CSI that
 * clears the screen, an 8-bit CSI (U+009B), DEL, a right-to-left override that reorders what follows,
 * and a newline that would forge a table row.
 */
const HOSTILE = '\u001b]0;pwned\u0007Evil\u001b[2J News\u009b31m\u007f\u202eswen\nFAKE ROW';

/** Bytes a terminal acts on instead of showing: C0 controls other than newline, DEL, C1, bidi controls. */
const TERMINAL_CONTROL = /(?!\n)[\p{Cc}\p{Bidi_Control}]/u;

function assertInert(text: string, where: string): void {
  const found = TERMINAL_CONTROL.exec(text);
  assert.equal(
    found,
    null,
    `${where} carries U+${found?.[0].codePointAt(0)?.toString(16).padStart(4, '0')}:\n${JSON.stringify(text)}`,
  );
}

test('install, list, syncs and uninstall print no terminal controls from a hostile manifest and page; --json keeps them exact', {
  timeout: 180_000,
}, async (t) => {
  const fixture = await startFixtureServer('news');
  t.after(() => fixture.close());
  fixture.override('/manifest.webmanifest', {
    type: 'application/manifest+json',
    body: JSON.stringify({ id: '/', name: HOSTILE, start_url: '/', scope: '/', display: 'standalone' }),
  });
  // The page registers a periodic sync whose tag is hostile too.
  fixture.override('/app.js', {
    type: 'text/javascript',
    body: `navigator.serviceWorker.register('sw.js');
navigator.serviceWorker.ready.then((registration) =>
  registration.periodicSync.register(${JSON.stringify(`tag${HOSTILE}`)}, { minInterval: 86400000 }));`,
  });
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);

  const install = await cli('install', `${fixture.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  assert.match(install.stdout, /^Installed .*Evil.* News/);
  assertInert(install.stdout, 'install stdout');
  assertInert(install.stderr, 'install progress');

  const json = JSON.parse((await cli('--json', 'list')).stdout) as { id: string; name: string }[];
  // Chromium's manifest parser drops the newline; every other character reaches JSON output unchanged.
  assert.equal(json[0]?.name, HOSTILE.replace('\n', ''), 'JSON output keeps the name exactly');
  const appId = json[0]?.id as string;

  const list = await cli('list');
  assert.equal(list.exitCode, 0, list.stderr);
  assertInert(list.stdout, 'list');
  assert.equal(
    list.stdout.trimEnd().split('\n').length,
    2,
    'a header and one row: the newline forged no row',
  );

  const syncsJson = JSON.parse((await cli('--json', 'syncs')).stdout) as { tag: string }[];
  assert.deepEqual(
    syncsJson.map((sync) => sync.tag),
    [`tag${HOSTILE}`],
  );
  const syncs = await cli('syncs');
  assertInert(syncs.stdout, 'syncs');
  assert.equal(syncs.stdout.trimEnd().split('\n').length, 2);

  const missing = await cli('run', appId, `nope${HOSTILE}`);
  assert.equal(missing.exitCode, 1);
  assertInert(missing.stderr, 'an error quoting a tag');

  const uninstall = await cli('uninstall', appId);
  assert.equal(uninstall.exitCode, 0, uninstall.stderr);
  assertInert(uninstall.stdout, 'uninstall');
});

test('every human renderer neutralizes page-controlled names, tags and error texts', () => {
  const now = 1_000_000;
  const apps = renderApps([fixtureAppRecord('https://evil.example', HOSTILE)]);
  const sync: SyncSummary = {
    kind: 'periodic',
    appId: 'evil',
    appName: HOSTILE,
    scope: 'https://evil.example/',
    tag: HOSTILE,
    minIntervalMs: 1000,
    effectiveIntervalMs: 1000,
    nextDueAt: now,
    paused: false,
    firing: false,
    lastOutcome: 'failed',
    lastCompletedAt: now,
  };
  const run: RunSummary = {
    id: 1,
    appId: 'evil',
    appName: HOSTILE,
    kind: 'periodic',
    maxAttempts: null,
    lastChance: null,
    registrationId: 1,
    scope: 'https://evil.example/',
    tag: HOSTILE,
    trigger: 'manual',
    attempt: 0,
    outcome: 'failed',
    error: `Error: ${HOSTILE}`,
    startedAt: now,
    endedAt: now,
    durationMs: 1,
    notifications: [],
  };
  const status: HostStatus = {
    running: true,
    dataDir: '/data',
    pid: 1,
    engine: 'test',
    browser: { status: 'failed', reason: `Chromium said ${HOSTILE}` },
    browserBinary: { path: `/opt/${HOSTILE}/chrome`, kind: 'Chrome/Chromium' },
    online: true,
    developerMode: false,
    eventsInFlight: 0,
    nextDueAt: now,
    nextDue: { appId: 'evil', appName: HOSTILE, tag: HOSTILE, kind: 'one-off' },
    wakeUp: null,
    storeProblem: null,
    showsWindows: false,
    notifications: { display: 'freedesktop', available: false, reason: `gdbus said ${HOSTILE}` },
    settingsAdjusted: [],
    missingWorkers: [],
    alerts: [],
  };
  for (const [where, text] of [
    ['list', apps],
    ['syncs', renderSyncs([sync], now)],
    ['runs', renderRuns([run], now)],
    ['runs --follow', renderRunLine(run)],
    ['status', renderStatus(status, now)],
  ] as const) {
    assertInert(text, where);
    assert.match(text, /Evil/, where);
  }
  assert.equal(apps.trimEnd().split('\n').length, 2, 'no forged row');
});
