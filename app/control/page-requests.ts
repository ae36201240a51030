import { z } from 'zod';
import type { CallOptions, HostApi } from '../host/host-api.ts';
import { HOST_API, isOperationName } from '../host/host-api.ts';
import type { HostEventName } from '../host/host-events.ts';
import type { InstallProgress } from '../host/host-operations.ts';
import type { Logger } from '../logging/logger.ts';
import { toErrorBody } from './error-body.ts';
import {
  type ControlMessage,
  type ErrorBody,
  isSubscriptionOp,
  requestEnvelopeSchema,
  SUBSCRIPTION_ARGS,
} from './protocol.ts';
import { MAX_REQUEST_BYTES, requestTooLarge } from './request-size.ts';

export interface PageRequests {
  /** Answers one message from the page (anything: it is validated here). Never throws. */
  handle(message: unknown): Promise<void>;
  /** Drops the page's event subscriptions (it navigated away or closed). */
  close(): Promise<void>;
}

/**
 * The host API for one UI page over a message channel (`pwa-host ui`'s DevTools binding, the Electron
 * shell's IPC): the page sends control-socket requests `{id, op, args}` (op: an operation, `subscribe` or
 * `unsubscribe`) and gets control-socket messages back through `send`. A page is untrusted input: every
 * message is validated like a control-socket request before anything is called.
 */
export function pageRequests(
  api: HostApi,
  send: (message: ControlMessage) => void,
  logger: Logger,
): PageRequests {
  const followed = new Map<HostEventName, Promise<() => Promise<void>>>();
  let closed = false;

  const follow = (events: readonly HostEventName[], on: boolean) =>
    Promise.all(
      events.map(async (event) => {
        const current = followed.get(event);
        if (on && current === undefined) {
          followed.set(
            event,
            api.subscribe([event], (message) => !closed && send(message)),
          );
        } else if (!on && current !== undefined) {
          followed.delete(event);
          await (await current)();
        }
      }),
    );

  return {
    async handle(message) {
      if (closed) return;
      const envelope = requestEnvelopeSchema.safeParse(message);
      if (!envelope.success) {
        logger.warn({}, 'a UI page sent a message that is not a host API request');
        return;
      }
      const { id, op, args } = envelope.data;
      const fail = (error: ErrorBody) => send({ id, ok: false, error });
      // A page request has the control socket's bound, whatever carries it: refused alone, and the page
      // stays connected.
      if (jsonBytes(message) > MAX_REQUEST_BYTES) return fail(toErrorBody(requestTooLarge(op)));
      try {
        if (isSubscriptionOp(op)) {
          const parsed = SUBSCRIPTION_ARGS[op].safeParse(args ?? {});
          if (!parsed.success) return fail(invalid(op, parsed.error));
          await follow(parsed.data.events, op === 'subscribe');
          return send({ id, ok: true, result: null });
        }
        if (!isOperationName(op))
          return fail({ code: 'unknown-operation', message: `Unknown operation "${op}".` });
        const parsed = HOST_API[op].args.safeParse(args ?? {});
        if (!parsed.success) return fail(invalid(op, parsed.error));
        // Validated against HOST_API[op] above; TypeScript cannot follow `op` through the map.
        const operation = api[op] as (args: unknown, options: CallOptions) => Promise<unknown>;
        const onProgress = (progress: InstallProgress) => send({ id, progress });
        const result = await operation(parsed.data, { onProgress });
        send({ id, ok: true, result: result ?? null });
      } catch (error) {
        fail(toErrorBody(error));
      }
    },
    async close() {
      closed = true;
      const stops = [...followed.values()];
      followed.clear();
      await Promise.all(stops.map(async (stop) => (await stop)().catch(() => {})));
    },
  };
}

/** The size of `message` as a request line; a message JSON cannot carry counts as too large. */
function jsonBytes(message: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(message) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function invalid(op: string, error: z.ZodError): ErrorBody {
  return { code: 'invalid-request', message: `Invalid arguments for ${op}: ${z.prettifyError(error)}` };
}
