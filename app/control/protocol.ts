import { z } from 'zod';
import type { ApiErrorCode } from '../base/errors.ts';
import { HOST_EVENT_NAMES, type HostEventMessage } from '../host/host-events.ts';
import type { InstallProgress } from '../host/host-operations.ts';

/*
 * The control channel: newline-delimited JSON over the `control.sock` Unix socket in the data dir
 * (control-socket.ts). A request `{id, op, args}` names a host API operation (host-api.ts) and gets zero
 * or more `{id, progress}` messages, then one final `{id, ok: true, result}` or `{id, ok: false, error:
 * {code, message}}`. After `subscribe` (args `{events}`), the host also sends `{event, data}` lines on
 * that connection until `unsubscribe` or the connection ends; a client that does not read them is dropped
 * like any slow reader. A client checks what it reads with control-message.ts; request-size.ts bounds a
 * request line.
 */

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
