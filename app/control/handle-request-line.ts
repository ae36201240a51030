import { z } from 'zod';
import { type CallOptions, HOST_API, type HostOperations, isOperationName } from '../host/host-api.ts';
import type { HostEventName } from '../host/host-events.ts';
import type { Logger } from '../logging/logger.ts';
import { toErrorBody } from './error-body.ts';
import {
  type ControlMessage,
  type ErrorBody,
  isSubscriptionOp,
  type RequestId,
  requestEnvelopeSchema,
  requestIdSchema,
  SUBSCRIPTION_ARGS,
  type SubscriptionOp,
} from './protocol.ts';

export type Send = (message: ControlMessage) => void;

/** What one connection follows: `subscribe` and `unsubscribe` requests change it. */
export type Subscriptions = Record<SubscriptionOp, (events: readonly HostEventName[]) => void>;

/**
 * Answers one request line. Never throws: every failure, from bad JSON to an operation's own error,
 * becomes an error reply, so one bad request cannot take the server down.
 */
export async function handleRequestLine(
  line: string,
  operations: HostOperations,
  subscriptions: Subscriptions,
  send: Send,
  logger: Logger,
): Promise<void> {
  const refuse = (id: RequestId | null, error: ErrorBody) => {
    logger.warn({ id, code: error.code }, `control request refused: ${error.message}`);
    send({ id, ok: false, error });
  };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return refuse(null, { code: 'invalid-json', message: `The request is not JSON: ${String(error)}` });
  }
  const envelope = requestEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return refuse(idOf(json), { code: 'invalid-request', message: z.prettifyError(envelope.error) });
  }
  const { id, op, args } = envelope.data;
  if (isSubscriptionOp(op)) {
    const parsed = SUBSCRIPTION_ARGS[op].safeParse(args ?? {});
    if (!parsed.success) {
      const message = `Invalid arguments for ${op}: ${z.prettifyError(parsed.error)}`;
      return refuse(id, { code: 'invalid-request', message });
    }
    subscriptions[op](parsed.data.events);
    return send({ id, ok: true, result: null });
  }
  if (!isOperationName(op)) {
    return refuse(id, { code: 'unknown-operation', message: `Unknown operation "${op}".` });
  }
  const parsedArgs = HOST_API[op].args.safeParse(args ?? {});
  if (!parsedArgs.success) {
    const message = `Invalid arguments for ${op}: ${z.prettifyError(parsedArgs.error)}`;
    return refuse(id, { code: 'invalid-request', message });
  }
  logger.debug({ id, op }, 'control request');
  // The arguments were validated against HOST_API[op]; TypeScript cannot follow `op` through the map.
  const operation = operations[op] as (args: unknown, options: CallOptions) => unknown;
  try {
    const result = await operation.call(operations, parsedArgs.data, {
      onProgress: (progress) => send({ id, progress }),
    });
    send({ id, ok: true, result: result ?? null });
  } catch (cause) {
    const error = toErrorBody(cause);
    if (error.code === 'internal-error') logger.error({ id, op, err: cause }, `${op} failed unexpectedly`);
    else logger.info({ id, op, code: error.code }, `${op} failed: ${error.message}`);
    send({ id, ok: false, error });
  }
}

/** Echoes a usable id from a request that failed validation, so the client can still match the reply. */
function idOf(json: unknown): RequestId | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = requestIdSchema.safeParse(json.id);
  return id.success ? id.data : null;
}
