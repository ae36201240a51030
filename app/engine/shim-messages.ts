import { z } from 'zod';
import { MAX_SHIM_MESSAGE_LENGTH } from './shim-limits.ts';

/**
 * The messages between the shim (in pages and service workers) and the host, in both directions. Every
 * engine carries the same messages; only the transport differs (a DevTools binding, Electron's IPC).
 */

const messageId = z.number().int().positive();

/** An absolute URL the shim resolved against the caller's base URL, or '' for none. */
const optionalUrl = z.union([z.literal(''), z.url().max(8192)]);

/** NotificationOptions after the shim's WebIDL conversion (`data` as JSON text). */
export type NotificationOptions = z.infer<typeof notificationOptions>;

export const notificationOptions = z.object({
  body: z.string(),
  tag: z.string(),
  icon: optionalUrl,
  image: optionalUrl,
  badge: optionalUrl,
  lang: z.string(),
  dir: z.enum(['auto', 'ltr', 'rtl']),
  silent: z.boolean(),
  requireInteraction: z.boolean(),
  renotify: z.boolean(),
  timestamp: z.number().int().min(0),
  data: z.string().nullable(),
  actions: z.array(z.object({ action: z.string(), title: z.string(), icon: optionalUrl })).max(2),
});

// ── page or worker → host ───────────────────────────────────────────────────────────────────────

const call = z.discriminatedUnion('method', [
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('register'),
    params: z.object({ scope: z.string(), tag: z.string(), minInterval: z.number() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('getTags'),
    params: z.object({ scope: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('unregister'),
    params: z.object({ scope: z.string(), tag: z.string() }),
  }),
  z.object({ type: z.literal('call'), id: messageId, method: z.literal('permission'), params: z.object({}) }),
  // One-off Background Sync (`registration.sync`).
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('syncRegister'),
    params: z.object({ scope: z.string(), tag: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('syncGetTags'),
    params: z.object({ scope: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    // The page or worker's own `registration.unregister()` resolved true for this scope.
    method: z.literal('workerUnregistered'),
    params: z.object({ scope: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('showNotification'),
    // null: a page's `new Notification(...)`, which belongs to no worker registration.
    params: z.object({ scope: z.string().nullable(), title: z.string(), options: notificationOptions }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('getNotifications'),
    params: z.object({ scope: z.string(), tag: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('closeNotification'),
    params: z.object({ id: z.number().int().positive() }),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('notificationPermission'),
    params: z.object({}),
  }),
  z.object({
    type: z.literal('call'),
    id: messageId,
    method: z.literal('setBadge'),
    params: z.object({
      badge: z.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.literal('flag'), z.null()]),
    }),
  }),
]);

const ready = z.object({ type: z.literal('ready'), kind: z.enum(['page', 'service-worker']) });

const eventDone = z.object({
  type: z.literal('eventDone'),
  id: messageId,
  ok: z.boolean(),
  error: z.string().nullable(),
});

/** The shim refused calls over its budget: sent once when a burst starts, for the host's log. */
const overBudget = z.object({ type: z.literal('overBudget'), method: z.string().max(64) });

export type ShimCall = z.infer<typeof call>;
export type ShimMessage =
  | ShimCall
  | z.infer<typeof ready>
  | z.infer<typeof eventDone>
  | z.infer<typeof overBudget>;

const shimMessage = z.union([call, ready, eventDone, overBudget]);

/** Parses a message from a page or worker (JSON text); undefined for anything malformed. */
export function parseShimMessage(payload: string): ShimMessage | undefined {
  if (payload.length > MAX_SHIM_MESSAGE_LENGTH) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = shimMessage.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

// ── host → page or worker ───────────────────────────────────────────────────────────────────────

const reply = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: messageId, ok: z.literal(true), result: z.unknown() }),
  z.object({
    type: z.literal('reply'),
    id: messageId,
    ok: z.literal(false),
    error: z.object({ name: z.string(), message: z.string() }),
  }),
]);

const dispatch = z.object({ type: z.literal('dispatch'), id: messageId, tag: z.string() });

/** A one-off `sync` event (finished by `eventDone`, as a periodicsync one is). */
const dispatchSync = z.object({
  type: z.literal('dispatchSync'),
  id: messageId,
  tag: z.string(),
  lastChance: z.boolean(),
});

/** A notification as the shim rebuilds it for `event.notification` and `getNotifications()`. */
const notificationSnapshot = z.object({ id: messageId, title: z.string(), options: notificationOptions });

/** A click or dismissal: an extendable event in a worker (finished by `eventDone`), a plain one in a page. */
const notificationEvent = z.object({
  type: z.literal('notificationEvent'),
  id: messageId,
  kind: z.enum(['notificationclick', 'notificationclose']),
  notification: notificationSnapshot,
  action: z.string(),
});

/** Sent after `ready`: what `Notification.permission` says (it is synchronous, so the shim keeps it). */
const state = z.object({
  type: z.literal('state'),
  notificationPermission: z.enum(['granted', 'denied', 'default']),
});

export type ShimReply = z.infer<typeof reply>;
export type ShimDispatch = z.infer<typeof dispatch>;
export type ShimDispatchSync = z.infer<typeof dispatchSync>;
export type ShimNotificationEvent = z.infer<typeof notificationEvent>;
export type ShimNotificationSnapshot = z.infer<typeof notificationSnapshot>;
export type ShimState = z.infer<typeof state>;
export type HostMessage = ShimReply | ShimDispatch | ShimDispatchSync | ShimNotificationEvent | ShimState;

export const hostMessageSchema = z.union([reply, dispatch, dispatchSync, notificationEvent, state]);
