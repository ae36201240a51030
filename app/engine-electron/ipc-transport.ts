import { SHIM_LIMITS } from '../engine/shim-limits.ts';
import type { ShimTransport } from '../shim/periodic-sync-shim.js';
import type { RendererIpc } from './electron-surface.ts';
import { SHIM_CHANNEL } from './shim-channel.ts';

/**
 * The shim's transport in Electron, on the preload's side of the bridge: a message from the shim goes to
 * the engine with `ipcRenderer.invoke` (its answer, a reply or null, comes back the same way); events the
 * engine dispatches to a worker arrive with `ipcRenderer.on` (`ServiceWorkerMain.send`). Messages cross as
 * JSON text, which the engine parses with the shim protocol's schemas. The shim, in the page's or worker's
 * own world, holds this object through the bridge: nothing of it is a global a page could find.
 */
export function createIpcTransport(ipc: RendererIpc): ShimTransport {
  const handlers: ((message: unknown) => void)[] = [];
  const deliver = (text: unknown) => {
    if (typeof text !== 'string') return;
    const message: unknown = JSON.parse(text);
    for (const handler of handlers) handler(message);
  };
  ipc.on(SHIM_CHANNEL, (_event, text) => deliver(text));
  return {
    callBudget: SHIM_LIMITS.callBudget,
    send(message) {
      const text = JSON.stringify(message);
      if (text.length > SHIM_LIMITS.maxMessageLength) return false;
      // A refused or failed invoke (the engine stopping, no handler yet) leaves the call pending, as a
      // browser without the API would: the page is told nothing it could act on.
      ipc.invoke(SHIM_CHANNEL, text).then(deliver, () => {});
      return true;
    },
    onMessage(handler) {
      handlers.push(handler);
    },
  };
}
