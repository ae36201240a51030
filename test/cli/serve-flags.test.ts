import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { SERVING_V8_FLAGS } from '../../app/headless/cli/commands/serve.ts';
import type { HostStatus } from '../../app/host/host-operations.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { startServe } from '../helpers/serve-process.ts';
import { BIN, runProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

test('serve runs with the serving V8 flags, as the same process it was started as', {
  skip: process.platform === 'win32' ? 'no execve on Windows: serve runs as started' : false,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const argv = readFileSync(`/proc/${serve.child.pid}/cmdline`, 'utf8').split('\0');
  for (const flag of SERVING_V8_FLAGS) assert.ok(argv.includes(flag), argv.join(' '));
  assert.equal(argv.filter((arg) => SERVING_V8_FLAGS.includes(arg)).length, SERVING_V8_FLAGS.length);
  const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
  assert.equal((JSON.parse(status.stdout) as HostStatus).pid, serve.child.pid, 'the pid stays');
});
