import { join } from 'node:path';
import pino from 'pino';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-dir.ts';

export const LOG_FILE = 'pwa-host.log';

/**
 * A pino logger writing JSON lines to stderr (at `stderrLevel`) and to pwa-host.log in the data dir (at
 * info and above), so a host's history survives the terminal it ran in.
 */
export function createHostLogger(dataDir: string, stderrLevel: pino.Level): pino.Logger {
  // The log is the first thing written to a data dir: the folder must be owner-only before it exists.
  ensurePrivateDir(dataDir);
  const streams = pino.multistream([
    { level: stderrLevel, stream: pino.destination({ dest: 2, sync: true }) },
    {
      level: 'info',
      stream: pino.destination({ dest: join(dataDir, LOG_FILE), sync: true, mode: PRIVATE_FILE_MODE }),
    },
  ]);
  // No pid/hostname base fields: the engine logs its browser's pid as `pid`, and host.pid names the host.
  return pino({ level: minLevel(stderrLevel, 'info'), base: null }, streams);
}

function minLevel(a: pino.Level, b: pino.Level): pino.Level {
  const { values } = pino.levels;
  return (values[a] ?? 0) <= (values[b] ?? 0) ? a : b;
}

/** Warnings to stderr only: for commands that read a data dir and must not create anything in it. */
export function createReadOnlyLogger(): pino.Logger {
  return pino({ level: 'warn', base: null }, pino.destination({ dest: 2, sync: true }));
}
