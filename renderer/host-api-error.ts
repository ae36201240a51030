/** A failed host API call as the page sees it: the code to act on and the message for people. */
export class HostApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'HostApiError';
    this.code = code;
  }
}

/** The code of a failed call, whatever carried it (the bridge's error, or Electron's IPC reply). */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'internal-error';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
