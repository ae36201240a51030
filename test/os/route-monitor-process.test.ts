/**
 * The `ip monitor` child's lifetime: it never keeps a host alive, and never outlives one, however the host
 * ends. Runs in this machine's namespace and changes nothing in it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withTimeout } from '../../app/base/wait.ts';
import { isGone } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { LineChild, NODE } from './helpers/line-child.ts';

const PRINTER = new URL('fixtures/print-connectivity.ts', import.meta.url).pathname;

function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

async function startedMonitor(child: LineChild): Promise<number> {
  const ready = await child.waitFor('READY', (text) => text.startsWith('READY '), 10_000);
  const pid = Number(ready.text.split(' ')[2]);
  assert.ok(Number.isInteger(pid), `a monitor pid in ${JSON.stringify(ready.text)}`);
  return pid;
}

test('the monitor does not keep the host process alive', async () => {
  const child = new LineChild([NODE, PRINTER, '--exit-when-idle']);
  const monitor = await startedMonitor(child);
  const exit = await withTimeout(child.exited, 10_000, () => 'still running');
  assert.deepEqual(exit, { code: 0, signal: null }, 'the process ended on its own');
  await waitFor('the monitor to end with it', () => isGone(monitor), 2000);
});

test('the monitor is ip -o monitor, and close() stops it', async () => {
  const child = new LineChild([NODE, PRINTER]);
  const monitor = await startedMonitor(child);
  // Between fork and exec (setpriv execs ip) the kernel shows an empty command line for a moment.
  const command = await waitFor('the monitor to have exec’d', () => commandOf(monitor) || undefined, 2000);
  assert.match(command, /\bip -o monitor link address route$/);
  assert.equal(isGone(monitor), false);
  await child.stop(); // stdin ends → source.close() → the process has nothing left and exits
  await waitFor('the monitor to end', () => isGone(monitor), 2000);
});

test('a host killed outright (SIGKILL) takes the monitor with it', async () => {
  const child = new LineChild([NODE, PRINTER]);
  const monitor = await startedMonitor(child);
  child.process.kill('SIGKILL');
  await child.exited;
  await waitFor('the orphaned monitor to end', () => isGone(monitor), 2000);
});

test('a monitor that exits is logged with its reason, and the source keeps answering', async () => {
  const child = new LineChild([NODE, PRINTER, '--monitor-command=["ip","monitor","bogus"]']);
  const warning = await child.waitFor('the warning', (text) => text.startsWith('LOG warn '), 5000);
  assert.match(warning.text, /ip monitor bogus exited with code 255: Argument \\"bogus\\" is unknown/);
  child.send('state');
  await child.waitFor('a STATE answer', (text) => /^STATE (true|false)$/.test(text), 5000);
  await child.stop();
});
