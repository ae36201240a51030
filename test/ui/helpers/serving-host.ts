import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { ControlClient } from '../../../app/control/control-client.ts';
import { controlSocketPath } from '../../../app/control/control-socket.ts';
import { createApiClient } from '../../../app/host/api-client.ts';
import type { HostApi } from '../../../app/host/host-api.ts';
import { waitForSocket } from '../../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../../helpers/harness.ts';
import { startServe } from '../../helpers/serve-process.ts';
import { seriousAxeViolations } from './ui-browser.ts';

/**
 * A real `pwa-host serve` on a fresh data dir (with `env` added to its environment), and the host API over
 * its control socket.
 */
export async function servingHost(
  t: TestContext,
  env: NodeJS.ProcessEnv = {},
): Promise<HostApi & { dataDir: string }> {
  const dataDir = tempDataDir(t);
  startServe(t, dataDir, env);
  await waitForSocket(controlSocketPath(dataDir));
  const client = await ControlClient.connect(controlSocketPath(dataDir));
  assert.ok(client, 'the host answers on its control socket');
  t.after(() => client.close());
  return Object.assign(createApiClient(client), { dataDir });
}

export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  assert.deepEqual(
    violations,
    [],
    `axe-core on the ${screen} screen:\n${JSON.stringify(violations, null, 2)}`,
  );
}
