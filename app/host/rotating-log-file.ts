import { fstatSync, renameSync, type Stats, statSync } from 'node:fs';
import pino from 'pino';

export interface RotatingLogFileOptions {
  path: string;
  /** A file passing this size is rotated: it becomes `<path>.1`, and a new one begins. */
  maxBytes: number;
  /** Rotated files kept (`<path>.1` newest … `<path>.<keep>` oldest); older ones are dropped. */
  keep: number;
  /** The mode a new file is created with (the rotated ones keep theirs). */
  mode: number;
  /** Lines held in memory while the file cannot be written (a full disk); beyond this they drop. */
  maxUnwrittenBytes: number;
}

/** The stream pino writes to (`pino.multistream` takes any object with `write`). */
export interface LogStream {
  write(chunk: string): void;
}

/**
 * A log file kept to a few files of bounded size: past `maxBytes` the file is renamed to `<path>.1`
 * (`.1` to `.2`, … the oldest dropped) and a new, owner-only one begins. Several processes append to one
 * data dir's log (`serve`, and commands that change the store): each counts what it wrote since it opened
 * or rotated the file, and when that reaches the limit it looks at the file itself — another process may
 * have rotated it already, and then it only reopens the new one. So each file stays within about the limit
 * plus what one process writes before it notices.
 *
 * Written here rather than taken from pino-roll: that names every file with a number (the log would no
 * longer be `pwa-host.log`, which messages and people refer to), opens asynchronously, and counts sizes per
 * process, so two processes writing one log would rotate past each other.
 */
export function rotatingLogFile(options: RotatingLogFileOptions): {
  stream: LogStream;
  onError(listener: (error: Error) => void): void;
} {
  const file = pino.destination({
    dest: options.path,
    sync: true,
    mode: options.mode,
    maxLength: options.maxUnwrittenBytes,
  });
  let written = sizeOf(options.path);

  const rotate = () => {
    const onDisk = statOrUndefined(options.path);
    // SonicBoom's typings leave out the descriptor it writes to.
    const ours = fstatSync((file as unknown as { fd: number }).fd);
    if (onDisk === undefined || onDisk.ino !== ours.ino || onDisk.dev !== ours.dev) {
      // Rotated (or removed) by another process: write to the file now at the path.
      file.reopen();
      written = sizeOf(options.path);
      return;
    }
    if (onDisk.size < options.maxBytes) {
      written = onDisk.size;
      return;
    }
    for (let index = options.keep - 1; index >= 1; index -= 1)
      renameIfThere(`${options.path}.${index}`, `${options.path}.${index + 1}`);
    renameIfThere(options.path, `${options.path}.1`);
    file.reopen();
    written = 0;
  };

  return {
    stream: {
      write(chunk) {
        file.write(chunk);
        written += Buffer.byteLength(chunk);
        if (written < options.maxBytes) return;
        try {
          rotate();
        } catch (error) {
          // The log goes on in the file it has; the next line tries again.
          written = 0;
          file.emit('error', error);
        }
      },
    },
    onError: (listener) => file.on('error', listener),
  };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function sizeOf(path: string): number {
  return statOrUndefined(path)?.size ?? 0;
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
