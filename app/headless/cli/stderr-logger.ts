import type { LogFn, Logger } from '../../logging/logger.ts';
import { terminalLine } from './terminal-text.ts';

const ignore: LogFn = () => {};

/**
 * Warnings and errors as one plain line each (debug and info are dropped), for a command that reads a data
 * dir no host serves and must not write a log there. Not pino: loading it, with its worker-thread
 * transport, cost `pwa-host status` some 20 ms of start-up for lines it almost never writes.
 */
export function stderrLogger(write: (text: string) => void = (text) => process.stderr.write(text)): Logger {
  const line =
    (level: string): LogFn =>
    (fields, message) => {
      const details = Object.entries(fields).map(
        ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
      );
      write(
        details.length === 0
          ? terminalLine`pwa-host: ${level}: ${message}\n`
          : terminalLine`pwa-host: ${level}: ${message} (${details.join(', ')})\n`,
      );
    };
  return { debug: ignore, info: ignore, warn: line('warning'), error: line('error') };
}
