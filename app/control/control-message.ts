import { HOST_EVENT_NAMES, type HostEventName } from '../host/host-events.ts';
import type { ControlMessage, RequestId } from './protocol.ts';

type Fields = Record<string, unknown>;

/**
 * One line from a host as the message a client accepts, or undefined when it is none of them: install
 * progress, a reply (its result or its error), or an event, tried in that order. Checked by hand where the
 * server uses zod: loading zod took most of a CLI command's start-up (some 50 ms of CPU), and this is the
 * one shape a client reads. Event data is the host's own; a client checks the name, not every field.
 */
export function parseControlMessage(line: string): ControlMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isFields(value)) return undefined;
  return progressOf(value) ?? replyOf(value) ?? eventOf(value);
}

function progressOf({ id, progress }: Fields): ControlMessage | undefined {
  if (!isRequestId(id) || !isFields(progress) || typeof progress.step !== 'string') return undefined;
  const { step, detail } = progress;
  if (detail !== undefined && typeof detail !== 'string') return undefined;
  // The step is the host's own word; the CLI prints whatever it says.
  return { id, progress: detail === undefined ? { step } : { step, detail } } as ControlMessage;
}

function replyOf(value: Fields): ControlMessage | undefined {
  const { id, ok, result, error } = value;
  if (id !== null && !isRequestId(id)) return undefined;
  // A host always sends a result, null for an operation that returns nothing.
  if (ok === true) return 'result' in value ? { id, ok, result } : undefined;
  if (ok !== false || !isFields(error)) return undefined;
  const { code, message } = error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  // A code this client does not know (a newer host's) is kept: fromErrorBody reads it as an internal error.
  return { id, ok, error: { code, message } } as ControlMessage;
}

function eventOf(value: Fields): ControlMessage | undefined {
  const { event, data } = value;
  return isEventName(event) && 'data' in value ? ({ event, data } as ControlMessage) : undefined;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' ? value.length <= 200 : Number.isSafeInteger(value);
}

function isEventName(value: unknown): value is HostEventName {
  return (HOST_EVENT_NAMES as readonly unknown[]).includes(value);
}
