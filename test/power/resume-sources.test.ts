import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ClockJumpResumeSource } from '../../app/power/clock-jump-resume-source.ts';
import { LogindResumeSource } from '../../app/power/logind-resume-source.ts';
import { HOUR, makeHarness } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

const run = promisify(execFile);

/** A private D-Bus daemon: the logind signal is sent on it exactly as logind sends it on the system bus. */
async function privateBus(t: import('node:test').TestContext): Promise<string> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.after(() => daemon.kill());
  const [chunk] = (await once(daemon.stdout, 'data')) as [Buffer];
  return chunk.toString().trim();
}

async function prepareForSleep(address: string, sleeping: boolean): Promise<void> {
  await run('dbus-send', [
    `--bus=${address}`,
    '--type=signal',
    '/org/freedesktop/login1',
    'org.freedesktop.login1.Manager.PrepareForSleep',
    `boolean:${sleeping}`,
  ]);
}

test('logind: PrepareForSleep(false) on the bus is a resume; PrepareForSleep(true) is not', async (t) => {
  const address = await privateBus(t);
  const source = new LogindResumeSource(address);
  t.after(() => source.close());
  let resumes = 0;
  source.onResume(() => {
    resumes += 1;
  });
  await sleep(300); // dbus-monitor subscribes
  await prepareForSleep(address, true);
  await sleep(300);
  assert.equal(resumes, 0);
  await prepareForSleep(address, false);
  await waitFor('the resume', () => resumes === 1, 5000);
});

test('clock-jump check: a wall clock that moved differently from steady time is a resume', () => {
  let wall = 1_000_000;
  let steady = 0;
  const source = new ClockJumpResumeSource({ now: () => wall, steady: () => steady, checkEveryMs: 60_000 });
  let resumes = 0;
  source.onResume(() => {
    resumes += 1;
  });
  wall += 30_000;
  steady += 30_000;
  source.check();
  assert.equal(resumes, 0, 'time passing normally is not a jump');
  wall += 2 * HOUR + 30_000; // suspended for two hours: steady time stood still
  steady += 30_000;
  source.check();
  assert.equal(resumes, 1);
  source.close();
});

test('after a resume each overdue registration fires once', async (t) => {
  const h = await makeHarness(t, { settings: { minIntervalFloorMs: 0 } });
  let wall = h.clock.now();
  const source = new ClockJumpResumeSource({ now: () => wall, steady: () => 0, checkEveryMs: 60_000 });
  t.after(() => source.close());
  source.onResume(() => h.host.core.notifyResumed());
  h.host.core.register(h.app.id, h.scope, 'a', HOUR);
  h.host.core.register(h.app.id, h.scope, 'b', 2 * HOUR);
  h.clock.jumpWallClock(10 * HOUR); // the machine slept through several periods of both
  wall += 10 * HOUR;
  source.check();
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched().sort(), ['a', 'b']);
  await h.clock.advance(30 * 60_000);
  assert.equal(h.engine.dispatches.length, 2, 'one event each, not one per missed period');
});
