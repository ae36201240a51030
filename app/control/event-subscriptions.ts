import type { HostEventName, HostEventSource } from '../host/host-events.ts';
import type { Send, Subscriptions } from './handle-request-line.ts';

/**
 * The events one connection follows, sent as `{event, data}` lines through `send` (which drops a client
 * that does not read them). Listens to the host only while something is subscribed; `close` when the
 * connection ends.
 */
export function eventSubscriptions(source: HostEventSource, send: Send): Subscriptions & { close(): void } {
  const followed = new Set<HostEventName>();
  let stopListening: (() => void) | undefined;
  const close = () => {
    followed.clear();
    stopListening?.();
    stopListening = undefined;
  };
  return {
    subscribe(events) {
      for (const event of events) followed.add(event);
      stopListening ??= source.onAny((event, data) => {
        if (followed.has(event)) send({ event, data } as Parameters<Send>[0]);
      });
    },
    unsubscribe(events) {
      for (const event of events) followed.delete(event);
      if (followed.size === 0) close();
    },
    close,
  };
}
