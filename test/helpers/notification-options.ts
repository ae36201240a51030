import type { NotificationOptions } from '../../app/engine/shim-messages.ts';

/** NotificationOptions as the shim sends them for `new Notification(title)`, with `changes` applied. */
export function notificationOptions(changes: Partial<NotificationOptions> = {}): NotificationOptions {
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
    ...changes,
  };
}
