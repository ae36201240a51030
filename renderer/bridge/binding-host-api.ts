import { BRIDGE_BINDING, BRIDGE_RECEIVER } from '../../app/headless/ui/ui-bridge-protocol.ts';
import { messageApiClient, type PageMessage } from '../../app/host/message-api-client.ts';

/**
 * The page side of `pwa-host ui`'s bridge, injected before the page's own script: `window.pwaHost`, the
 * host API over the DevTools binding that command adds. The Electron shell gives the page the same object
 * from its preload (preload/ui.ts) instead.
 */
const binding = (globalThis as unknown as Record<string, ((payload: string) => void) | undefined>)[
  BRIDGE_BINDING
];

if (binding !== undefined && window.top === window) {
  const send = binding;
  const { api, receive } = messageApiClient((request) => send(JSON.stringify(request)));
  Object.defineProperty(globalThis, Symbol.for(BRIDGE_RECEIVER), {
    value: (message: PageMessage) => receive(message),
  });
  Object.defineProperty(window, 'pwaHost', { value: Object.freeze(api) });
}
