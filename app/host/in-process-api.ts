import {
  type CallOptions,
  HOST_API,
  type HostApi,
  type HostOperations,
  type OperationName,
} from './host-api.ts';

/**
 * The host's own operations seen as a client sees them (every call asynchronous, events by subscription):
 * what a shell hands to a transport that serves the host API to a page in the same process.
 */
export function inProcessApi(operations: HostOperations): HostApi {
  const methods = Object.fromEntries(
    (Object.keys(HOST_API) as OperationName[]).map((op) => [
      op,
      async (args: object = {}, options?: CallOptions) =>
        (operations[op] as (args: object, options?: CallOptions) => unknown).call(operations, args, options),
    ]),
  );
  const subscribe: HostApi['subscribe'] = async (events, handler) => {
    const wanted = new Set(events);
    const stop = operations.events.onAny((event, data) => {
      if (wanted.has(event)) handler({ event, data } as Parameters<typeof handler>[0]);
    });
    return async () => stop();
  };
  return { ...methods, subscribe } as HostApi;
}
