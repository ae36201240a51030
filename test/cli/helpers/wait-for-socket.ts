import { ControlClient } from '../../../app/control/control-client.ts';

/** Resolves once a control server answers on `socketPath`. */
export async function waitForSocket(socketPath: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = await ControlClient.connect(socketPath);
    if (client) return client.close();
    if (Date.now() > deadline) throw new Error(`nothing answered on ${socketPath} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
