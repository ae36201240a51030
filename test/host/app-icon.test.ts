import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appIconDataUrl } from '../../app/host/app-icon.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';

test('the UI gets the saved icon that fits a list best, as a data: URL of its checked type', (t) => {
  const dataDir = tempDataDir(t);
  mkdirSync(join(dataDir, 'icons', 'app'), { recursive: true });
  for (const name of ['0.png', '1.png', '2.webp', '3.svg'])
    writeFileSync(join(dataDir, 'icons', 'app', name), name);
  const app = (icons: object[]) =>
    fixtureAppRecord('https://news.example', 'News', { icons: icons as never });
  const icon = (file: string | undefined, sizes?: string, purpose?: string) => ({
    src: 'https://news.example/icon',
    ...(file ? { file: join('icons', 'app', file) } : {}),
    ...(sizes ? { sizes } : {}),
    ...(purpose ? { purpose } : {}),
  });
  const data = (name: string, type: string) => `data:${type};base64,${Buffer.from(name).toString('base64')}`;

  // The smallest of at least 64 px; else the largest there is.
  assert.equal(
    appIconDataUrl(dataDir, app([icon('0.png', '512x512'), icon('1.png', '96x96')])),
    data('1.png', 'image/png'),
  );
  assert.equal(
    appIconDataUrl(dataDir, app([icon('0.png', '16x16'), icon('2.webp', '48x48')])),
    data('2.webp', 'image/webp'),
  );
  assert.equal(appIconDataUrl(dataDir, app([icon('3.svg', 'any')])), data('3.svg', 'image/svg+xml'));
  // Not saved, monochrome only, or the file is gone: no icon.
  assert.equal(appIconDataUrl(dataDir, app([icon(undefined, '192x192')])), null);
  assert.equal(appIconDataUrl(dataDir, app([icon('0.png', '192x192', 'monochrome')])), null);
  assert.equal(appIconDataUrl(dataDir, app([icon('gone.png', '192x192')])), null);
  assert.equal(appIconDataUrl(dataDir, app([])), null);
});
