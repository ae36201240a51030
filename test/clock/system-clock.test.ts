import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../app/clock/system-clock.ts';

test('a timer fires once, never before its time: due now, due shortly, and due in the past', async () => {
  const fired: { at: number; firedAt: number }[] = [];
  const done = Promise.withResolvers<void>();
  const dueTimes = [Date.now() + 40, Date.now(), Date.now() - 1000];
  for (const at of dueTimes) {
    systemClock.setTimer(at, () => {
      fired.push({ at, firedAt: Date.now() });
      if (fired.length === dueTimes.length) done.resolve();
    });
  }
  await done.promise;
  assert.equal(fired.length, 3);
  for (const { at, firedAt } of fired) assert.ok(firedAt >= at, `fired ${at - firedAt} ms early`);
});

const pendingTimeouts = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

test('a timer due hours or a month ahead holds one Node timer until cancelled, and never fires early', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  try {
    const before = pendingTimeouts();
    const fired: string[] = [];
    const hours = systemClock.setTimer(Date.now() + 3 * 3_600_000, () => fired.push('hours'));
    // Past the 2^31 ms a Node timer holds: Node would fire it after 1 ms (TimeoutOverflowWarning).
    const month = systemClock.setTimer(Date.now() + 31 * 86_400_000, () => fired.push('month'));
    assert.equal(pendingTimeouts(), before + 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(fired, []);
    hours.cancel();
    month.cancel();
    assert.equal(pendingTimeouts(), before);
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
  }
});

test('a cancelled short timer never fires', async () => {
  let fired = false;
  const timer = systemClock.setTimer(Date.now() + 20, () => {
    fired = true;
  });
  timer.cancel();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(fired, false);
});

test('a timer due past what one Node timer holds (2^31 ms, 24.8 days) fires at its time, not 1 ms later', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate', 'Date'], now: 1_700_000_000_000 });
  const DAY = 86_400_000;
  let fired = 0;
  systemClock.setTimer(Date.now() + 31 * DAY, () => {
    fired += 1;
  });
  t.mock.timers.tick(1);
  assert.equal(fired, 0, 'not cut to 1 ms');
  t.mock.timers.tick(25 * DAY);
  assert.equal(fired, 0, 'not after the first 24.8 days');
  t.mock.timers.tick(6 * DAY);
  t.mock.timers.runAll();
  assert.equal(fired, 1);
});
