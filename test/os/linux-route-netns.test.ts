/**
 * LinuxRouteConnectivity against a real kernel: a process inside a network namespace of its own, while the
 * test changes that namespace's links and routes from outside. Needs root (or CAP_SYS_ADMIN + CAP_NET_ADMIN)
 * and fails, saying so, without it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineChild, NODE } from './helpers/line-child.ts';
import { NetnsLab } from './helpers/netns.ts';

const PRINTER = new URL('fixtures/print-connectivity.ts', import.meta.url).pathname;
/** Debounce (100 ms) plus process scheduling on a busy 2-core machine. */
const EVENT_MS = 2000;
/** How long a change that must not be reported gets to show up anyway. */
const QUIET_MS = 1000;

function startPrinter(lab: NetnsLab, extraArgs: string[] = []): LineChild {
  return new LineChild(lab.exec([NODE, PRINTER, ...extraArgs]));
}

async function state(child: LineChild): Promise<boolean> {
  const from = child.lines.length;
  child.send('state');
  const line = await child.waitFor('a STATE answer', (text) => text.startsWith('STATE '), EVENT_MS, from);
  return line.text === 'STATE true';
}

/** Runs `change` and returns the CHANGE line it caused, with how long it took to arrive. */
async function expectChange(child: LineChild, online: boolean, what: string, change: () => void) {
  const from = child.lines.length;
  const startedAt = Date.now();
  change();
  const line = await child.waitFor(
    `CHANGE ${online} after ${what}`,
    (text) => text.startsWith(`CHANGE ${online} `),
    EVENT_MS,
    from,
  );
  return line.at - startedAt;
}

async function expectNoChange(child: LineChild, online: boolean, what: string, change: () => void) {
  const from = child.lines.length;
  change();
  await sleep(QUIET_MS);
  const changes = child.lines.slice(from).filter((line) => line.text.startsWith('CHANGE '));
  assert.deepEqual(changes, [], `${what} must not change connectivity`);
  assert.equal(await state(child), online, `${what}: isOnline()`);
}

describe('following a namespace’s routes over rtnetlink (ip monitor)', () => {
  let lab: NetnsLab;
  let child: LineChild;
  before(async () => {
    lab = NetnsLab.create();
    child = startPrinter(lab);
    await child.waitFor('READY', (text) => text.startsWith('READY '), 10_000);
  });
  after(async () => {
    await child?.stop();
    lab?.destroy();
  });

  test('starts online with a default route, following changes through an ip monitor child', () => {
    const ready = child.lines.find((line) => line.text.startsWith('READY '));
    assert.match(ready?.text ?? '', /^READY true \d+$/, 'online, with a monitor pid');
  });

  test('carrier lost (the default route stays, marked linkdown): offline; carrier back: online', async () => {
    const down = await expectChange(child, false, 'pulling the cable', () => lab.pullCable());
    const up = await expectChange(child, true, 'plugging it in', () => lab.plugCable());
    console.log(`# carrier: offline reported after ${down} ms, online after ${up} ms`);
  });

  test('interface down (routes flushed): offline; up without a default route: still offline; route back: online', async () => {
    await expectChange(child, false, 'taking the interface down', () => lab.interfaceDown());
    await expectNoChange(child, false, 'bringing the interface up with no default route', () =>
      lab.inside(['link', 'set', lab.innerLink, 'up']),
    );
    await expectChange(child, true, 'adding the default route', () => lab.addDefaultRoute());
  });

  test('only an IPv6 default route is online', async () => {
    await expectChange(child, false, 'deleting the IPv4 default route', () => lab.deleteDefaultRoute());
    await expectChange(child, true, 'adding an IPv6 default route', () => {
      lab.inside(['-6', 'address', 'add', 'fd00:200::2/64', 'dev', lab.innerLink, 'nodad']);
      lab.inside(['-6', 'route', 'add', 'default', 'via', 'fd00:200::1', 'dev', lab.innerLink]);
    });
    await expectChange(child, false, 'deleting it', () => lab.inside(['-6', 'route', 'del', 'default']));
  });

  test('a default route through loopback is offline', async () => {
    await expectNoChange(child, false, 'a default route via lo', () =>
      lab.inside(['route', 'add', 'default', 'dev', 'lo']),
    );
    lab.inside(['route', 'del', 'default', 'dev', 'lo']);
    await expectChange(child, true, 'the real default route back', () => lab.addDefaultRoute());
  });
});

describe('without ip monitor: the routing table on demand, and on a timer only while offline', () => {
  let lab: NetnsLab;
  let child: LineChild;
  before(async () => {
    lab = NetnsLab.create();
    child = startPrinter(lab, ['--monitor-command=["pwa-host-no-such-ip"]', '--recheck-ms=300']);
    await child.waitFor('READY', (text) => text.startsWith('READY '), 10_000);
  });
  after(async () => {
    await child?.stop();
    lab?.destroy();
  });

  test('logs why it cannot follow changes', async () => {
    const warning = await child.waitFor('the warning', (text) => text.startsWith('LOG warn '), EVENT_MS);
    assert.match(warning.text, /cannot follow route changes/);
    assert.match(warning.text, /pwa-host-no-such-ip (was not found|.*missing)/);
  });

  test('going offline is seen when the core asks; going online by the re-check timer', async () => {
    lab.pullCable();
    assert.equal(await state(child), false, 'isOnline() reads the table');
    await child.waitFor('CHANGE false', (text) => text.startsWith('CHANGE false '), EVENT_MS);
    const took = await expectChange(child, true, 'plugging the cable in', () => lab.plugCable());
    assert.ok(took < EVENT_MS, `noticed by the 300 ms re-check (took ${took} ms)`);
  });
});
