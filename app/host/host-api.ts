import { z } from 'zod';
import type { InstallResult } from '../install/install-app.ts';
import type { AppRecord } from '../store/records.ts';
import type { HostEventMessage, HostEventName, HostEventSource } from './host-events.ts';
import type {
  ConfigEntry,
  FailureAlert,
  HostStatus,
  InstallProgress,
  NotificationSummary,
  OpenedPage,
  RunSummary,
  SyncSummary,
} from './host-operations.ts';
import type { OperationName } from './operation-names.ts';

/**
 * An operation of the host API: its argument object's schema (checked wherever a call crosses a process
 * boundary) and, as a type only, its result. `answersAtOnce` operations return their result directly when
 * called in the host's own process; the others (and every call from elsewhere) return a promise.
 */
interface OperationSpec<Args extends z.ZodObject, Result, AnswersAtOnce extends boolean> {
  readonly args: Args;
  readonly answersAtOnce: AnswersAtOnce;
  /** Never set: carries the result type. */
  readonly result?: Result;
}

const answers =
  <Result>() =>
  <Args extends z.ZodObject>(args: Args): OperationSpec<Args, Result, true> => ({
    args,
    answersAtOnce: true,
  });
const resolves =
  <Result>() =>
  <Args extends z.ZodObject>(args: Args): OperationSpec<Args, Result, false> => ({
    args,
    answersAtOnce: false,
  });

/** An app id, or a name prefix that matches exactly one installed app (case-insensitive). */
const appArg = z.string().min(1);

/** Periodic Background Sync, or one-off Background Sync. */
const syncKindArg = z.enum(['periodic', 'one-off']);

/**
 * THE host API: every operation a shell offers, by name, with one named-argument object each and data
 * (never display text) as its result. The control socket's server and client, the in-process type and
 * (later) the Electron preload and renderer are all derived from this one object.
 */
export const HOST_API = {
  install: resolves<InstallResult>()(z.object({ url: z.string().min(1) })),
  uninstall: resolves<AppRecord>()(z.object({ app: appArg })),
  list: answers<AppRecord[]>()(z.object({})),
  /** The app's saved icon as a data: URL (what a UI page shows), or null when it saved none. */
  icon: answers<string | null>()(z.object({ app: appArg })),
  open: resolves<OpenedPage>()(z.object({ app: appArg, path: z.string().exactOptional() })),
  closePage: resolves<void>()(z.object({ id: z.string().min(1) })),
  /**
   * Opens the app's window, or brings it to the front: in a shell with windows (the desktop app). A host
   * without windows (`serve`) refuses with `no-windows`; `status().showsWindows` says which it is.
   */
  showApp: answers<AppRecord>()(z.object({ app: appArg })),
  syncs: answers<SyncSummary[]>()(z.object({ app: appArg.exactOptional() })),
  runs: answers<RunSummary[]>()(
    z.object({
      app: appArg.exactOptional(),
      tag: z.string().exactOptional(),
      kind: syncKindArg.exactOptional(),
      limit: z.int().min(1).exactOptional(),
    }),
  ),
  /**
   * Fires a periodic registration or a pending one-off sync now and resolves with its run. `kind` is needed
   * only when the app has both with this tag.
   */
  run: resolves<RunSummary>()(z.object({ app: appArg, tag: z.string(), kind: syncKindArg.exactOptional() })),
  pause: answers<AppRecord>()(z.object({ app: appArg })),
  /**
   * Gives one app its own interval floor (a duration such as "1h"), used instead of the host's for its
   * registrations from their next period on; null goes back to the host's.
   */
  setIntervalFloor: answers<AppRecord>()(z.object({ app: appArg, floor: z.string().min(1).nullable() })),
  resume: answers<AppRecord>()(z.object({ app: appArg })),
  config: answers<ConfigEntry[]>()(z.object({})),
  /** Stores and applies one setting; returns it as now in force. */
  configSet: resolves<ConfigEntry>()(z.object({ key: z.string().min(1), value: z.string() })),
  status: answers<HostStatus>()(z.object({})),
  /** The app's notifications are recorded, not shown, and its permission reads "denied". */
  mute: answers<AppRecord>()(z.object({ app: appArg })),
  unmute: answers<AppRecord>()(z.object({ app: appArg })),
  notifications: answers<NotificationSummary[]>()(
    z.object({ app: appArg.exactOptional(), limit: z.int().min(1).exactOptional() }),
  ),
  /** Tasks that keep failing, as the person was told (a mark for the tray and the UI). */
  alerts: answers<FailureAlert[]>()(z.object({})),
} satisfies Record<OperationName, OperationSpec<z.ZodObject, unknown, boolean>>;

type Api = typeof HOST_API;

export type { OperationName };
export type OperationArgs<Op extends OperationName> = z.infer<Api[Op]['args']>;
export type OperationResult<Op extends OperationName> =
  Api[Op] extends OperationSpec<z.ZodObject, infer Result, boolean> ? Result : never;

/** How a call is made, beside its arguments: only `install` reports progress. */
export interface CallOptions {
  onProgress?: (progress: InstallProgress) => void;
}

/** An operation whose arguments are all optional may be called with none. */
type Parameters_<Op extends OperationName> =
  Record<string, never> extends OperationArgs<Op>
    ? [args?: OperationArgs<Op>, options?: CallOptions]
    : [args: OperationArgs<Op>, options?: CallOptions];

/** The host API as another process (the CLI, the Electron renderer) sees it: every call asynchronous. */
export type HostApi = {
  [Op in OperationName]: (...parameters: Parameters_<Op>) => Promise<OperationResult<Op>>;
} & {
  /** Calls `handler` with each of `events` until the returned function is called. */
  subscribe(
    events: readonly HostEventName[],
    handler: (message: HostEventMessage) => void,
  ): Promise<() => Promise<void>>;
};

/** The host API in the host's own process: quick reads answer at once, and events come from `events`. */
export type HostOperations = {
  [Op in OperationName]: (
    ...parameters: Parameters_<Op>
  ) => Api[Op]['answersAtOnce'] extends true ? OperationResult<Op> : Promise<OperationResult<Op>>;
} & { readonly events: HostEventSource };

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(HOST_API, name);
}

/**
 * How a client reaches a host: one request at a time by name, and event subscriptions. The control
 * socket's client is one; an Electron preload's IPC is another.
 */
export interface ApiTransport {
  request(op: OperationName, args: object, options?: CallOptions): Promise<unknown>;
  subscribe: HostApi['subscribe'];
}
