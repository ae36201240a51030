import { z } from 'zod';

/** Tags are at most 10240 characters; anything near a megabyte is not a shim message. */
export const MAX_SHIM_MESSAGE_LENGTH = 256 * 1024;

const callId = z.number().int().positive();

const call = z.discriminatedUnion('method', [
  z.object({
    type: z.literal('call'),
    id: callId,
    method: z.literal('register'),
    params: z.object({ scope: z.string(), tag: z.string(), minInterval: z.number() }),
  }),
  z.object({
    type: z.literal('call'),
    id: callId,
    method: z.literal('getTags'),
    params: z.object({ scope: z.string() }),
  }),
  z.object({
    type: z.literal('call'),
    id: callId,
    method: z.literal('unregister'),
    params: z.object({ scope: z.string(), tag: z.string() }),
  }),
  z.object({ type: z.literal('call'), id: callId, method: z.literal('permission'), params: z.object({}) }),
]);

const ready = z.object({ type: z.literal('ready'), kind: z.enum(['page', 'service-worker']) });

const eventDone = z.object({
  type: z.literal('eventDone'),
  id: z.number().int().positive(),
  ok: z.boolean(),
  error: z.string().nullable(),
});

export type ShimCall = z.infer<typeof call>;
export type ShimMessage = ShimCall | z.infer<typeof ready> | z.infer<typeof eventDone>;

const message = z.union([call, ready, eventDone]);

/** Parses a binding payload from a page or worker; undefined for anything malformed. */
export function parseShimMessage(payload: string): ShimMessage | undefined {
  if (payload.length > MAX_SHIM_MESSAGE_LENGTH) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = message.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
