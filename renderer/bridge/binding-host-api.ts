import {
  BRIDGE_BINDING,
  BRIDGE_RECEIVER,
  type BridgeReply,
} from '../../app/headless/ui/ui-bridge-protocol.ts';
import type { CallOptions, HostApi } from '../../app/host/host-api.ts';
import type { HostEventMessage, HostEventName } from '../../app/host/host-events.ts';
import { HostApiError } from '../host-api-error.ts';

/**
 * The page side of `pwa-host ui`'s bridge, injected before the page's own script: `window.pwaHost`, the
 * host API over the DevTools binding that command adds. The Electron shell gives the page the same object
 * from its preload instead.
 */
type Binding = (payload: string) => void;

const binding = (globalThis as unknown as Record<string, Binding | undefined>)[BRIDGE_BINDING];

if (binding !== undefined && window.top === window) {
  const send = binding;
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; options?: CallOptions }
  >();
  const handlers = new Map<(message: HostEventMessage) => void, ReadonlySet<HostEventName>>();
  let nextId = 1;

  const request = (op: string, args: object, options?: CallOptions) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, ...(options ? { options } : {}) });
      send(JSON.stringify({ id, op, args }));
    });

  const receive = (message: BridgeReply) => {
    if ('event' in message) {
      for (const [handler, events] of [...handlers]) if (events.has(message.event)) handler(message);
      return;
    }
    const entry = typeof message.id === 'number' ? pending.get(message.id) : undefined;
    if (entry === undefined) return;
    if ('progress' in message) {
      entry.options?.onProgress?.(message.progress);
      return;
    }
    pending.delete(message.id as number);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new HostApiError(message.error.code, message.error.message));
  };

  const subscribe: HostApi['subscribe'] = async (events, handler) => {
    handlers.set(handler, new Set(events));
    await request('subscribe', { events });
    return async () => {
      if (!handlers.delete(handler)) return;
      const still = new Set([...handlers.values()].flatMap((followed) => [...followed]));
      const dropped = events.filter((event) => !still.has(event));
      if (dropped.length > 0) await request('unsubscribe', { events: dropped });
    };
  };
  // Every other name is an operation: the host validates it and its arguments (and refuses unknown ones).
  // A proxy instead of createApiClient keeps the operation table's schemas (zod) out of this small script.
  const api = new Proxy(Object.freeze({ subscribe }), {
    get: (target, name) =>
      name === 'subscribe' || name === 'then' || typeof name !== 'string'
        ? Reflect.get(target, name)
        : (args: object = {}, options?: CallOptions) => request(name, args, options),
  }) as unknown as HostApi;

  Object.defineProperty(globalThis, Symbol.for(BRIDGE_RECEIVER), { value: receive });
  Object.defineProperty(window, 'pwaHost', { value: api });
}
