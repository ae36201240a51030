import { z } from 'zod';
import type { HostOperations, InstallProgress } from '../host/host-operations.ts';

/**
 * The control channel: newline-delimited JSON over the `control.sock` Unix socket in the data dir.
 * A request `{id, op, args}` gets zero or more `{id, progress}` messages, then one final
 * `{id, ok: true, result}` or `{id, ok: false, error: {code, message}}`.
 */
export const CONTROL_SOCKET_FILE = 'control.sock';

/** Longest request line the server reads; a longer one is refused and its connection closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const appArg = z.string().min(1);

/** The arguments of every operation, by name; the names are `HostOperations` method names. */
export const OPERATION_ARGS = {
  install: z.object({ url: z.string().min(1) }),
  uninstall: z.object({ app: appArg }),
  list: z.object({}),
  open: z.object({ app: appArg, path: z.string().exactOptional() }),
  closePage: z.object({ id: z.string().min(1) }),
  syncs: z.object({ app: appArg.exactOptional() }),
  runs: z.object({
    app: appArg.exactOptional(),
    tag: z.string().exactOptional(),
    limit: z.int().min(1).exactOptional(),
  }),
  run: z.object({ app: appArg, tag: z.string() }),
  pause: z.object({ app: appArg }),
  resume: z.object({ app: appArg }),
  config: z.object({}),
  configSet: z.object({ key: z.string().min(1), value: z.string() }),
  status: z.object({}),
} satisfies Record<keyof HostOperations, z.ZodType>;

export type OperationName = keyof typeof OPERATION_ARGS;
export type OperationArgs<Op extends OperationName> = z.infer<(typeof OPERATION_ARGS)[Op]>;
export type OperationResult<Op extends OperationName> = Awaited<ReturnType<HostOperations[Op]>>;

export const requestIdSchema = z.union([z.string().max(200), z.int()]);
export type RequestId = z.infer<typeof requestIdSchema>;

/** The envelope, checked before the operation's own arguments so each failure gets its own code. */
export const requestEnvelopeSchema = z.object({
  id: requestIdSchema,
  op: z.string(),
  args: z.unknown().optional(),
});

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATION_ARGS, name);
}

export interface ErrorBody {
  code: string;
  message: string;
}

/** Codes of failures in the channel itself (operations' own failures carry their error's code). */
export type ProtocolErrorCode =
  | 'invalid-json'
  | 'invalid-request'
  | 'unknown-operation'
  | 'request-too-large'
  | 'too-many-connections'
  | 'internal-error';

export type ControlMessage =
  | { id: RequestId; progress: InstallProgress }
  | { id: RequestId | null; ok: true; result: unknown }
  | { id: RequestId | null; ok: false; error: ErrorBody };

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
]);
