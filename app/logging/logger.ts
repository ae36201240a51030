/** The logging shape the core writes to; pino's logger satisfies it, so shells pass one straight in. */
export type LogFn = (fields: Record<string, unknown>, message: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => {};

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
