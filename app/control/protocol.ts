import { z } from 'zod';
import { type ApiErrorCode, HostError } from '../base/errors.ts';
import { HOST_EVENT_NAMES, type HostEventMessage } from '../host/host-events.ts';
import type { InstallProgress } from '../host/host-operations.ts';

/**
 * The control channel: newline-delimited JSON over the `control.sock` Unix socket in the data dir.
 * A request `{id, op, args}` names a host API operation (host-api.ts) and gets zero or more
 * `{id, progress}` messages, then one final `{id, ok: true, result}` or `{id, ok: false, error: {code,
 * message}}`. After `subscribe` (args `{events}`), the host also sends `{event, data}` lines on that
 * connection until `unsubscribe` or the connection ends; a client that does not read them is dropped like
 * any slow reader.
 */
export const CONTROL_SOCKET_FILE = 'control.sock';

/** Longest request line the server reads; a longer one is refused and its connection closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A request too long to send: refused on its own, before it reaches the host. */
export function requestTooLarge(op: string): HostError {
  return new HostError(
    'request-too-large',
    `The ${op} request is larger than the ${MAX_REQUEST_BYTES} bytes a host request may be, so it was not sent. Send less at once.`,
  );
}

// The count is checked before the names (zod stops at a failed length check): a list of 200,000 bad names
// is refused at once instead of making one issue per name while the event loop waits.
const eventNames = z.array(z.enum(HOST_EVENT_NAMES)).min(1).max(HOST_EVENT_NAMES.length);

/** Requests about the connection itself rather than the host: following its events. */
export const SUBSCRIPTION_ARGS = {
  subscribe: z.object({ events: eventNames }),
  unsubscribe: z.object({ events: eventNames }),
};

export type SubscriptionOp = keyof typeof SUBSCRIPTION_ARGS;

export function isSubscriptionOp(name: string): name is SubscriptionOp {
  return Object.hasOwn(SUBSCRIPTION_ARGS, name);
}

export const requestIdSchema = z.union([z.string().max(200), z.int()]);
export type RequestId = z.infer<typeof requestIdSchema>;

/** The envelope, checked before the operation's own arguments so each failure gets its own code. */
export const requestEnvelopeSchema = z.object({
  id: requestIdSchema,
  op: z.string(),
  args: z.unknown().optional(),
});

export interface ErrorBody {
  code: ApiErrorCode;
  message: string;
}

export type ControlMessage =
  | { id: RequestId; progress: InstallProgress }
  | { id: RequestId | null; ok: true; result: unknown }
  | { id: RequestId | null; ok: false; error: ErrorBody }
  | HostEventMessage;

/** What a client accepts. Event data is the host's own; a client checks the name, not every field. */
export const controlMessageSchema = z.union([
  z.object({
    id: requestIdSchema,
    progress: z.object({ step: z.string(), detail: z.string().exactOptional() }),
  }),
  z.object({ id: requestIdSchema.nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    id: requestIdSchema.nullable(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
  z.object({ event: z.enum(HOST_EVENT_NAMES), data: z.unknown() }),
]);
