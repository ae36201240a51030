import type { NotificationOptions } from '../../app/engine/engine-port.ts';

/** NotificationOptions as the shim converts `{}` (every member at its WebIDL default), with `overrides`. */
export function notificationOptions(overrides: Partial<NotificationOptions> = {}): NotificationOptions {
  return {
    body: '',
    tag: '',
    icon: '',
    image: '',
    badge: '',
    lang: '',
    dir: 'auto',
    silent: false,
    requireInteraction: false,
    renotify: false,
    timestamp: 0,
    data: null,
    actions: [],
    ...overrides,
  };
}
