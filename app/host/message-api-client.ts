import type { CallOptions, HostApi, OperationName } from './host-api.ts';
import type { HostEventMessage, HostEventName } from './host-events.ts';
import type { InstallProgress } from './host-operations.ts';

/** What the host sends a page: control-socket messages (replies, install progress, events). */
export type PageMessage =
  | { id: number | string | null; progress: InstallProgress }
  | { id: number | string | null; ok: true; result: unknown }
  | { id: number | string | null; ok: false; error: { code: string; message: string } }
  | HostEventMessage;

/** What a page sends the host: a control-socket request. */
export interface PageRequest {
  id: number;
  op: OperationName | 'subscribe' | 'unsubscribe';
  args: object;
}

/** A failed call as a page sees it: the host's code to act on and its message for people. */
export class HostApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'HostApiError';
    this.code = code;
  }
}

/**
 * The host API over any message channel to the host (`pwa-host ui`'s DevTools binding, Electron's IPC):
 * `send` carries requests out, `receive` takes the host's messages in. Dependency-free and DOM-free, so
 * the sandboxed Electron preload and the page-side bridge both bundle it small. Every operation is listed
 * (the `satisfies` fails to compile when the API gains one), since Electron's contextBridge copies only
 * an object's own functions.
 */
export function messageApiClient(send: (request: PageRequest) => void): {
  api: HostApi;
  receive(message: PageMessage): void;
} {
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; options?: CallOptions }
  >();
  const handlers = new Map<(message: HostEventMessage) => void, ReadonlySet<HostEventName>>();
  let nextId = 1;

  const request = (op: PageRequest['op'], args: object = {}, options?: CallOptions): Promise<never> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        ...(options ? { options } : {}),
      });
      send({ id, op, args });
    });
  const call =
    (op: OperationName) =>
    (args?: object, options?: CallOptions): Promise<never> =>
      request(op, args, options);

  const api = {
    install: call('install'),
    uninstall: call('uninstall'),
    list: call('list'),
    icon: call('icon'),
    open: call('open'),
    pages: call('pages'),
    closePage: call('closePage'),
    showApp: call('showApp'),
    syncs: call('syncs'),
    runs: call('runs'),
    run: call('run'),
    pause: call('pause'),
    resume: call('resume'),
    setIntervalFloor: call('setIntervalFloor'),
    config: call('config'),
    configSet: call('configSet'),
    status: call('status'),
    mute: call('mute'),
    unmute: call('unmute'),
    notifications: call('notifications'),
    alerts: call('alerts'),
    async subscribe(events, handler) {
      handlers.set(handler, new Set(events));
      await request('subscribe', { events });
      return async () => {
        if (!handlers.delete(handler)) return;
        const still = new Set([...handlers.values()].flatMap((followed) => [...followed]));
        const dropped = events.filter((event) => !still.has(event));
        if (dropped.length > 0) await request('unsubscribe', { events: dropped });
      };
    },
  } satisfies HostApi;

  const receive = (message: PageMessage) => {
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
  return { api, receive };
}
