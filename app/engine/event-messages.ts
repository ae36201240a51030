import type { DispatchRequest, NotificationEventRequest, SyncDispatchRequest } from './engine-port.ts';
import type { ShimDispatch, ShimDispatchSync, ShimNotificationEvent } from './shim-messages.ts';

/**
 * The messages that carry an event to the shim, given the event's id: the same in every engine, whatever
 * carries them.
 */

export function periodicSyncMessage(request: DispatchRequest): (id: number) => ShimDispatch {
  return (id) => ({ type: 'dispatch', id, tag: request.tag });
}

export function syncMessage(request: SyncDispatchRequest): (id: number) => ShimDispatchSync {
  return (id) => ({ type: 'dispatchSync', id, tag: request.tag, lastChance: request.lastChance });
}

export function notificationEventMessage(
  request: NotificationEventRequest,
): (id: number) => ShimNotificationEvent {
  return (id) => ({
    type: 'notificationEvent',
    id,
    kind: request.kind,
    notification: request.notification,
    action: request.action,
  });
}
