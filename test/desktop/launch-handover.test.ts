import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applySessionEnvironment,
  launchHandover,
  launchHandoverSchema,
} from '../../app/desktop/launch-handover.ts';

const flags = { background: false, runDue: false, appId: 'abc', dataDir: '/data' };

test("a launch hands over its flags and only its desktop session's variables", () => {
  const handover = launchHandover(flags, {
    DISPLAY: ':1',
    XAUTHORITY: '/run/user/1000/xauth',
    XDG_SESSION_TYPE: 'x11',
    HOME: '/home/person',
    PATH: '/usr/bin',
    SECRET_TOKEN: 'not for the other process',
    WAYLAND_DISPLAY: 'w'.repeat(5000),
  });
  assert.deepEqual(handover, {
    flags,
    session: { DISPLAY: ':1', XAUTHORITY: '/run/user/1000/xauth', XDG_SESSION_TYPE: 'x11' },
  });
  assert.deepEqual(
    launchHandoverSchema.parse(handover),
    handover,
    'what one launch hands over, the other reads',
  );
});

test('what a second launch hands over is checked: anything else is refused', () => {
  const session = { DISPLAY: ':0' };
  for (const data of [
    undefined,
    flags,
    { flags, session, extra: 1 },
    { flags: { ...flags, appId: '../x' }, session },
    { flags, session: { LD_PRELOAD: '/tmp/evil.so' } },
    { flags, session: { DISPLAY: 7 } },
    { flags, session: { DISPLAY: 'x'.repeat(5000) } },
  ]) {
    assert.equal(launchHandoverSchema.safeParse(data).success, false, JSON.stringify(data)?.slice(0, 200));
  }
});

test("the relaunch takes the launch's session: its variables set, the ones it lacked unset", () => {
  // A wake-up run started by a systemd timer: no display yet, a stale Wayland socket, its own PATH.
  const env: NodeJS.ProcessEnv = {
    WAYLAND_DISPLAY: 'wayland-0',
    PATH: '/usr/bin',
    XDG_RUNTIME_DIR: '/run/user/1000',
  };
  applySessionEnvironment(env, { DISPLAY: ':1', XDG_SESSION_TYPE: 'x11', XDG_RUNTIME_DIR: '/run/user/1000' });
  assert.deepEqual(env, {
    PATH: '/usr/bin',
    DISPLAY: ':1',
    XDG_SESSION_TYPE: 'x11',
    XDG_RUNTIME_DIR: '/run/user/1000',
  });
});
