import { z } from 'zod';

/**
 * The messages between the shim (in pages and service workers) and the host, in both directions. Every
 * engine carries the same messages; only the transport differs (a DevTools binding, Electron's IPC).
 */

/** Tags are at most 10240 characters; anything near a megabyte is not a shim message. */
export const MAX_SHIM_MESSAGE_LENGTH = 256 * 1024;

const messageId = z.number().int().positive();

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
]);

const ready = z.object({ type: z.literal('ready'), kind: z.enum(['page', 'service-worker']) });

const eventDone = z.object({
  type: z.literal('eventDone'),
  id: messageId,
  ok: z.boolean(),
  error: z.string().nullable(),
});

export type ShimCall = z.infer<typeof call>;
export type ShimMessage = ShimCall | z.infer<typeof ready> | z.infer<typeof eventDone>;

const shimMessage = z.union([call, ready, eventDone]);

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

export type ShimReply = z.infer<typeof reply>;
export type ShimDispatch = z.infer<typeof dispatch>;
export type HostMessage = ShimReply | ShimDispatch;

export const hostMessageSchema = z.union([reply, dispatch]);
