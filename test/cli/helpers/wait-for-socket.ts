import { waitUntil } from '../../../app/base/wait.ts';
import { ControlClient } from '../../../app/control/control-client.ts';

/** Resolves once a control server answers on `socketPath`. */
export async function waitForSocket(socketPath: string, timeoutMs = 20_000): Promise<void> {
  const client = await waitUntil(() => ControlClient.connect(socketPath), {
    timeoutMs,
    pollMs: 20,
    onTimeout: () => {
      throw new Error(`nothing answered on ${socketPath} within ${timeoutMs} ms`);
    },
  });
  client.close();
}
