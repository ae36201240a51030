import type { ApiTransport, CallOptions, HostApi } from './host-api.ts';
import { OPERATION_NAMES } from './operation-names.ts';

/** Every operation of the host API as a method that goes through `transport`. */
export function createApiClient(transport: ApiTransport): HostApi {
  const methods = Object.fromEntries(
    OPERATION_NAMES.map((op) => [
      op,
      (args: object = {}, options?: CallOptions) => transport.request(op, args, options),
    ]),
  );
  return { ...methods, subscribe: (events, handler) => transport.subscribe(events, handler) } as HostApi;
}
