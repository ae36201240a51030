import { HostError, isApiErrorCode, PeriodicSyncError } from '../base/errors.ts';
import type { ErrorBody } from './protocol.ts';

/** What a caller on the other end of the channel learns about a failure: a stable code and the message. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof PeriodicSyncError) return { code: error.domName, message: error.message };
  if (error instanceof HostError) return { code: error.code, message: error.message };
  return { code: 'internal-error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The reverse, on the client: a reply's error becomes a HostError, which the CLI reports like a local one.
 * A code this client does not know (a newer host's) keeps its message and reads as an internal error.
 */
export function fromErrorBody(body: { code: string; message: string }): HostError {
  return new HostError(isApiErrorCode(body.code) ? body.code : 'internal-error', body.message);
}
