import type { NotificationOptions } from '../../app/engine/engine-port.ts';

/** A notification's options after the shim's WebIDL conversion, as a page that set only the body sends them. */
export function notificationOptions(overrides: Partial<NotificationOptions> = {}): NotificationOptions {
  return {
    body: 'b',
    tag: '',
    icon: '',
    image: '',
    badge: '',
    lang: '',
    dir: 'auto',
    silent: false,
    requireInteraction: false,
    renotify: false,
    timestamp: 1,
    data: null,
    actions: [],
    ...overrides,
  };
}
