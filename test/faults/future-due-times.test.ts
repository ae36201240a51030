import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { childEnv, NODE, runCli, stopProcess } from '../cli/helpers/run-cli.ts';
import { HOUR, makeHarness, tempDataDir } from '../helpers/harness.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { TestEngine } from '../helpers/test-engine.ts';

const YEAR = 365 * 24 * HOUR;
/** Debian's faketime library, under whichever multiarch folder this machine's architecture uses. */
const LIBFAKETIME = readdirSync('/usr/lib')
  .map((folder) => `/usr/lib/${folder}/faketime/libfaketime.so.1`)
  .find((path) => existsSync(path));
const CLOCK_HOST = new URL('./fixtures/clock-host.ts', import.meta.url).pathname;

test('due times a clock a year ahead left behind are pulled back to one interval when the host starts', async (t) => {
  const dataDir = tempDataDir(t);
  const wrong = await makeHarness(t, { dataDir, clock: new ManualClock(Date.now() + YEAR) });
  wrong.host.core.register(wrong.app.id, wrong.scope, 'daily', HOUR);
  await wrong.host.close();

  // The clock is right again: a host on the system clock starts on the same store.
  const host = await createHost({
    dataDir,
    engine: new TestEngine([wrong.scope]),
    connectivity: new ManualConnectivity(true),
    schedule: false,
  });
  const due = host.store.registrations.get(wrong.scope, 'daily')?.nextDueAt ?? Number.NaN;
  await host.close();
  assert.ok(due <= Date.now() + HOUR, `due in ${Math.round((due - Date.now()) / HOUR)} h, at most 1 h`);

  const syncs = await runCli(['--data-dir', dataDir, '--json', 'syncs']);
  const [row] = JSON.parse(syncs.stdout) as { nextDueAt: number }[];
  assert.ok(row && row.nextDueAt <= Date.now() + HOUR, 'what `syncs` shows afterwards');
});

const noFaketime = LIBFAKETIME
  ? undefined
  : 'needs libfaketime (/usr/lib/<arch>/faketime/libfaketime.so.1): `npm run setup` or `apt-get install faketime`';
if (noFaketime) console.error(`SKIPPED (clock jump in a running host): ${noFaketime}`);

test('a running host whose clock jumps back a year pulls its due times back to one interval', {
  skip: noFaketime ?? false,
  timeout: 120_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const offsetFile = join(tempDataDir(t), 'faketime');
  writeFileSync(offsetFile, '+365d\n');
  const child = spawn(NODE, [CLOCK_HOST, dataDir], {
    env: childEnv({
      LD_PRELOAD: LIBFAKETIME ?? '',
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => stopProcess(child));
  const lines = child.stdout.setEncoding('utf8');
  let jumped = false;
  const deadline = Date.now() + 90_000;
  let last = '';
  for await (const chunk of lines) {
    for (const line of String(chunk).split('\n')) {
      const match = /^DUE (\d+) NOW (\d+)$/.exec(line);
      if (!match) continue;
      last = line;
      const [due, now] = [Number(match[1]), Number(match[2])];
      if (!jumped) {
        assert.ok(now > Date.now() + YEAR / 2, 'the host started with its clock a year ahead');
        writeFileSync(offsetFile, '+0\n'); // the clock is corrected while the host runs
        jumped = true;
      } else if (now < Date.now() + HOUR && due <= now + HOUR) {
        return; // pulled back
      }
    }
    if (Date.now() > deadline) break;
  }
  assert.fail(`the due time stayed in the future after the clock was corrected: ${last}`);
});
