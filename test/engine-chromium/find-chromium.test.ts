import assert from 'node:assert/strict';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import { browserKind, findChromium } from '../../app/engine-chromium/find-chromium.ts';

/** A PATH of folders holding executables with the given names (stand-ins: nothing runs them). */
function pathWith(t: TestContext, ...names: string[]): { PATH: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-find-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'bin'));
  for (const name of names) {
    const file = join(dir, 'bin', name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
  }
  return { PATH: join(dir, 'bin'), dir };
}

// 'freebsd': a platform with no usual install locations, so only the PATH given counts.
const platform = 'freebsd';

test('the host prefers a headless shell on PATH over a full Chromium found first', (t) => {
  const { PATH } = pathWith(t, 'chromium', 'chromium-headless-shell');
  const found = findChromium(undefined, { env: { PATH }, platform });
  assert.deepEqual(found, { path: join(PATH, 'chromium-headless-shell'), kind: 'headless shell' });
});

test('a window never gets a headless shell: it takes the full Chromium beside it', (t) => {
  const { PATH } = pathWith(t, 'chromium', 'chromium-headless-shell');
  const found = findChromium(undefined, { use: 'window', env: { PATH }, platform });
  assert.deepEqual(found, { path: join(PATH, 'chromium'), kind: 'Chrome/Chromium' });
});

test('without a headless shell the host falls back to Chrome or Chromium', (t) => {
  const { PATH } = pathWith(t, 'google-chrome');
  const found = findChromium(undefined, { env: { PATH }, platform });
  assert.deepEqual(found, { path: join(PATH, 'google-chrome'), kind: 'Chrome/Chromium' });
});

test('CHROME_PATH and --chromium win over any headless shell', (t) => {
  const { PATH } = pathWith(t, 'chromium', 'chromium-headless-shell');
  const chrome = join(PATH, 'chromium');
  assert.equal(findChromium(undefined, { env: { PATH, CHROME_PATH: chrome }, platform }).path, chrome);
  assert.equal(findChromium(chrome, { env: { PATH }, platform }).path, chrome);
});

test('a headless shell named for a window is refused, saying why and what to point at', (t) => {
  const { PATH } = pathWith(t, 'chrome-headless-shell');
  const shell = join(PATH, 'chrome-headless-shell');
  assert.throws(
    () => findChromium(shell, { use: 'window', env: { PATH }, platform }),
    (error: unknown) =>
      error instanceof HostError &&
      error.code === 'chromium-not-found' &&
      error.message.includes('headless shell, which cannot open a window') &&
      error.message.includes('--chromium'),
  );
  // The host's own browser may be one.
  assert.equal(findChromium(shell, { env: { PATH }, platform }).kind, 'headless shell');
});

test('no browser at all: the error names both packages and the ways to point at one', (t) => {
  const { PATH } = pathWith(t);
  assert.throws(
    () => findChromium(undefined, { env: { PATH }, platform }),
    (error: unknown) =>
      error instanceof HostError &&
      error.code === 'chromium-not-found' &&
      /chromium-headless-shell/.test(error.message) &&
      /CHROME_PATH/.test(error.message),
  );
});

test('kinds by binary name', () => {
  assert.equal(browserKind('/usr/lib/chromium/chromium-headless-shell'), 'headless shell');
  assert.equal(browserKind('/opt/chrome-headless-shell-linux64/chrome-headless-shell'), 'headless shell');
  assert.equal(browserKind('C:\\cft\\chrome-headless-shell.exe'), 'headless shell');
  assert.equal(browserKind('/usr/lib/chromium/chromium'), 'Chrome/Chromium');
  assert.equal(browserKind('/opt/google/chrome/chrome'), 'Chrome/Chromium');
});

test("on this machine (Debian's packages, as `npm run setup` installs them): the host runs the headless shell's real binary, a window full Chromium", (t) => {
  const shell = '/usr/lib/chromium/chromium-headless-shell';
  try {
    accessSync(shell, constants.X_OK);
  } catch {
    const reason = `${shell} is not installed here (npm run setup installs chromium-headless-shell)`;
    console.error(`SKIPPED (headless shell preferred): ${reason}`);
    t.skip(reason);
    return;
  }
  const env = { PATH: '/usr/bin:/bin' };
  assert.deepEqual(findChromium(undefined, { env, platform: 'linux' }), {
    path: shell,
    kind: 'headless shell',
  });
  assert.deepEqual(findChromium(undefined, { use: 'window', env, platform: 'linux' }), {
    path: '/usr/lib/chromium/chromium',
    kind: 'Chrome/Chromium',
  });
});
