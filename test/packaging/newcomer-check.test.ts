import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const check = join(root, 'scripts', 'check-system-tools.sh');

/** The commands the tests run, from the table `npm run setup` installs from. */
function tableCommands(): string[] {
  return readFileSync(join(root, 'scripts', 'system-packages.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => !name.startsWith('python3-module:')); // checked by /usr/bin/python3, not on PATH
}

function runCheck(path: string) {
  return spawnSync('/bin/sh', [check], { encoding: 'utf8', env: { PATH: path } });
}

test('npm test on a machine lacking a command the tests run says so once, with the one command to run', (t) => {
  const bin = mkdtempSync(join(tmpdir(), 'pwa-host-check-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  // Every command the table names, linked from this machine, except chromium and faketime.
  for (const command of tableCommands().filter((name) => !['chromium', 'faketime'].includes(name))) {
    const found = spawnSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
    assert.ok(found, `${command} is on this machine (npm run setup installs it)`);
    symlinkSync(found, join(bin, command));
  }
  const result = runCheck(bin);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    'npm test: this machine lacks what the tests run: chromium (chromium) faketime (faketime). ' +
      'Run `npm run setup` once, then `npm test` again.\n',
  );
});

test('with everything in place the check is silent', () => {
  const result = runCheck(process.env.PATH ?? '');
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
});

test('npm test runs the check first, and CI installs through npm run setup', () => {
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.equal(packageJson.scripts.pretest, 'sh scripts/check-system-tools.sh');
  assert.equal(packageJson.scripts.setup, 'bash scripts/setup.sh');
  assert.match(readFileSync(join(root, '.ci', 'run'), 'utf8'), /^npm run setup$/m);
});
