import { HostError } from '../base/errors.ts';

/**
 * Longest request line the server reads; a longer one is refused and its connection closed. Apart from
 * protocol.ts so a client checks it without loading zod.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A request too long to send: refused on its own, before it reaches the host. */
export function requestTooLarge(op: string): HostError {
  return new HostError(
    'request-too-large',
    `The ${op} request is larger than the ${MAX_REQUEST_BYTES} bytes a host request may be, so it was not sent. Send less at once.`,
  );
}
