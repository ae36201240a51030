import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { ControlClient } from '../../../app/control/control-client.ts';
import { controlSocketPath } from '../../../app/control/control-socket.ts';
import { createApiClient, type HostApi } from '../../../app/host/host-api.ts';
import { waitForSocket } from '../../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../../helpers/harness.ts';
import { startServe } from '../../helpers/serve-process.ts';

/** A real `pwa-host serve` on a fresh data dir, and the host API over its control socket. */
export async function servingHost(t: TestContext): Promise<HostApi & { dataDir: string }> {
  const dataDir = tempDataDir(t);
  startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const client = await ControlClient.connect(controlSocketPath(dataDir));
  assert.ok(client, 'the host answers on its control socket');
  t.after(() => client.close());
  return Object.assign(createApiClient(client), { dataDir });
}
