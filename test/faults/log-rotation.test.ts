import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHostLogger, LOG_FILE } from '../../app/host/host-logger.ts';
import { NODE, runProcess } from '../cli/helpers/run-cli.ts';
import { tempDataDir } from '../helpers/harness.ts';

const ROTATION = { maxBytes: 64 * 1024, keep: 3 };
const LINE = 'x'.repeat(180);

function logFiles(dataDir: string): { name: string; size: number; mode: number }[] {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith(LOG_FILE))
    .sort()
    .map((name) => {
      const stats = statSync(join(dataDir, name));
      return { name, size: stats.size, mode: stats.mode & 0o777 };
    });
}

test('pwa-host.log rotates: a few owner-only files of bounded size, the newest lines in pwa-host.log', (t) => {
  const dataDir = tempDataDir(t);
  const logger = createHostLogger(dataDir, 'fatal', ROTATION);
  for (let index = 0; index < 10_000; index += 1) logger.info({ index }, LINE);
  logger.info({}, 'the last line');
  logger.flush();

  const files = logFiles(dataDir);
  assert.deepEqual(
    files.map((file) => file.name),
    ['pwa-host.log', 'pwa-host.log.1', 'pwa-host.log.2', 'pwa-host.log.3'],
    'the file and three rotated copies; older ones dropped',
  );
  for (const file of files) {
    assert.equal(file.mode, 0o600, `${file.name} is owner-only`);
    assert.ok(file.size <= ROTATION.maxBytes + 1024, `${file.name} is ${file.size} bytes`);
  }
  assert.match(readFileSync(join(dataDir, LOG_FILE), 'utf8'), /the last line/);
  const rotated = readFileSync(join(dataDir, `${LOG_FILE}.1`), 'utf8')
    .trim()
    .split('\n');
  assert.ok(
    rotated.every((line) => JSON.parse(line).msg === LINE),
    'whole lines, never cut in two',
  );
});

test('two processes writing one log rotate it together; every file stays bounded', async (t) => {
  const dataDir = tempDataDir(t);
  const logger = new URL('../../app/host/host-logger.ts', import.meta.url).pathname;
  const script = `
    import { createHostLogger } from ${JSON.stringify(logger)};
    const log = createHostLogger(${JSON.stringify(dataDir)}, 'fatal', ${JSON.stringify(ROTATION)});
    for (let index = 0; index < 5000; index += 1) log.info({ index, pid: process.pid }, ${JSON.stringify(LINE)});`;
  const writers = await Promise.all(
    [1, 2].map(() => runProcess(NODE, ['--input-type=module', '-e', script])),
  );
  for (const writer of writers) assert.equal(writer.exitCode, 0, writer.stderr);
  const files = logFiles(dataDir);
  assert.ok(files.length <= ROTATION.keep + 1, JSON.stringify(files));
  assert.equal(existsSync(join(dataDir, `${LOG_FILE}.${ROTATION.keep + 1}`)), false);
  for (const file of files) {
    assert.equal(file.mode, 0o600, `${file.name} is owner-only`);
    // One writer may add to a file another has just rotated, until it notices at its own limit.
    assert.ok(file.size <= 2 * ROTATION.maxBytes + 1024, `${file.name} is ${file.size} bytes`);
  }
});
