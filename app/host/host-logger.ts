import { join } from 'node:path';
import pino from 'pino';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-dir.ts';
import { storeErrorFor } from '../store/store-errors.ts';
import { type LogStream, rotatingLogFile } from './rotating-log-file.ts';

export const LOG_FILE = 'pwa-host.log';

/** Log lines held in memory while the log file cannot be written (a full disk); beyond this they drop. */
const MAX_UNWRITTEN_LOG_BYTES = 1024 * 1024;

/** How much log a data dir keeps: the file and its rotated copies, each up to the size. */
export const LOG_ROTATION = { maxBytes: 4 * 1024 * 1024, keep: 3 };

/**
 * A pino logger writing JSON lines to stderr (at `stderrLevel`) and to pwa-host.log in the data dir (at
 * info and above), so a host's history survives the terminal it ran in. The file rotates
 * (`pwa-host.log.1` … `.3`), so an app that makes the host log in a loop cannot fill the disk.
 */
export function createHostLogger(
  dataDir: string,
  stderrLevel: pino.Level,
  rotation: { maxBytes: number; keep: number } = LOG_ROTATION,
): pino.Logger {
  const path = join(dataDir, LOG_FILE);
  let file: ReturnType<typeof rotatingLogFile>;
  try {
    // The log is the first thing written to a data dir: the folder must be owner-only before it exists.
    ensurePrivateDir(dataDir);
    file = rotatingLogFile({
      path,
      ...rotation,
      mode: PRIVATE_FILE_MODE,
      maxUnwrittenBytes: MAX_UNWRITTEN_LOG_BYTES,
    });
  } catch (error) {
    throw storeErrorFor(path, error);
  }
  // A write that fails (a full disk) must not take the host down: the lines stay on stderr, and the file
  // catches up with what it still holds once a write succeeds again.
  file.onError(() => {});
  const streams = pino.multistream([
    { level: stderrLevel, stream: pino.destination({ dest: 2, sync: true }) },
    { level: 'info', stream: file.stream satisfies LogStream },
  ]);
  // No pid/hostname base fields: the engine logs its browser's pid as `pid`, and host.pid names the host.
  return pino({ level: minLevel(stderrLevel, 'info'), base: null }, streams);
}

function minLevel(a: pino.Level, b: pino.Level): pino.Level {
  const { values } = pino.levels;
  return (values[a] ?? 0) <= (values[b] ?? 0) ? a : b;
}
