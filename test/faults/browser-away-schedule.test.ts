/**
 * Issue 7 #4, the core's side: while the engine reports its browser away (restarting or failed), nothing
 * fires (an event would only fail and use up an attempt); what came due meanwhile fires once it is back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';

const fast = { minIntervalFloorMs: 0, eventTimeLimitMs: HOUR };

test('nothing fires while the browser is away; what is due fires once it is back', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', 10 * MINUTE);
  h.engine.setState({ status: 'restarting', attempt: 1, reason: 'Chromium exited with SIGKILL' });
  await h.clock.advance(10 * MINUTE);
  h.engine.setState({ status: 'failed', reason: 'the browser exited 5 times within 10 min' });
  await h.clock.advance(20 * MINUTE);
  assert.deepEqual(h.engine.tagsDispatched(), [], 'no event is sent to a browser that is away');
  assert.deepEqual(h.host.store.runs.list(), [], 'and no attempt is used up');

  h.engine.setState({ status: 'running' });
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['news']);
  const [run] = h.host.store.runs.list();
  assert.equal(run?.outcome, 'success');
  assert.equal(run?.trigger, 'catch-up');
});

test('run now while the browser is away says so instead of recording a failure', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.engine.setState({ status: 'restarting', attempt: 2, reason: 'Chromium exited with SIGKILL' });
  await assert.rejects(h.host.core.runNow(h.scope, 'news'), {
    code: 'browser-unavailable',
    message: /The browser is not running: restarting \(attempt 2: Chromium exited with SIGKILL\)/,
  });
  assert.deepEqual(h.host.store.runs.list(), []);
});
