/**
 * A host killed with SIGKILL leaves its browser running until the browser notices its pipe closed; one
 * that is slow to notice (here: stopped with SIGSTOP) still holds the profile when the next host starts.
 * The next host ends it before starting its own, on either browser: full Chromium names itself in the
 * profile's SingletonLock, the headless shell writes no lock at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { browserPidOf, exitOf, processGroup, startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';

/** Alive and not a zombie (a killed browser whose parent is gone may wait to be reaped). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

for (const backend of browserBackends()) {
  test(`${backend.name}: a browser a SIGKILLed host left on the profile is ended by the next host`, {
    timeout: 120_000,
  }, async (t) => {
    const dataDir = tempDataDir(t);
    const env = { CHROME_PATH: backend.executable };
    const killed = startServe(t, dataDir, env);
    await waitForSocket(controlSocketPath(dataDir));
    const orphan = browserPidOf(dataDir);
    t.after(() => {
      try {
        process.kill(-orphan, 'SIGKILL'); // whatever the outcome, no browser is left behind
      } catch {}
    });
    process.kill(-orphan, 'SIGSTOP'); // too slow to notice that its pipe closed
    killed.child.kill('SIGKILL');
    await exitOf(killed.child);
    assert.ok(isAlive(orphan), 'the stopped browser outlives its host');

    startServe(t, dataDir, env);
    await waitForSocket(controlSocketPath(dataDir));
    await waitFor('the orphaned browser to be ended', () => !isAlive(orphan), 10_000);
    assert.deepEqual(processGroup(orphan).filter(isAlive), [], 'its renderers and helpers went with it');
    assert.notEqual(browserPidOf(dataDir), orphan, 'the new host runs a browser of its own');
  });
}
