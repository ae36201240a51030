/**
 * Test files run side by side on fixture ports of their own: the slot claims must never hand one
 * slot to two live processes, and must take back the slot of a process that is gone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { claimFixturePortBase } from '../helpers/fixture-port-slots.ts';

const SLOTS_MODULE = fileURLToPath(new URL('../helpers/fixture-port-slots.ts', import.meta.url));

/** Claims a slot in another process; `hold` keeps it alive until the returned stop is called. */
async function claimElsewhere(runBase: number, hold: boolean) {
  const script = `import { claimFixturePortBase } from ${JSON.stringify(SLOTS_MODULE)};
    console.log(claimFixturePortBase(${runBase}));
    ${hold ? "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);" : ''}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { port: Number(line.toString().trim()), child };
}

// A range no test file uses, so this test never meets the run's own claims.
const RUN_BASE = 40_000 + (process.pid % 1000) * 60;

test('two live processes get different slots; a slot whose process is gone is taken over', async () => {
  const first = await claimElsewhere(RUN_BASE, true);
  assert.equal(first.port, RUN_BASE);
  const second = await claimElsewhere(RUN_BASE, true);
  assert.equal(second.port, RUN_BASE + 3, 'the first slot is held by a live process');

  first.child.kill('SIGKILL'); // no exit handler runs: the claim stays behind with a dead pid
  await once(first.child, 'exit');
  assert.equal(claimFixturePortBase(RUN_BASE), RUN_BASE, 'the dead process’s slot is taken over');

  second.child.kill('SIGTERM');
  await once(second.child, 'exit');
});
