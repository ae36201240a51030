import { readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { isRunning } from '../serve-process.ts';

/** What a second launch hands to the instance holding the lock (Electron's `second-instance` arguments). */
export interface SecondLaunch {
  argv: string[];
  cwd: string;
  additionalData: unknown;
}

const LOCK = 'SingletonLock';
const SOCKET = 'SingletonSocket';
const NOTIFY_TIMEOUT_MS = 20_000;

function ownerPid(lockPath: string): number | undefined {
  try {
    const target = readlinkSync(lockPath);
    const pid = Number(target.slice(target.lastIndexOf('-') + 1));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chromium's process singleton as `app.requestSingleInstanceLock` uses it (electron/electron
 * shell/browser/api/electron_api_app.cc `RequestSingleInstanceLock`, Chromium's
 * chrome/browser/process_singleton_posix.cc): one owner per user-data folder, marked by a `SingletonLock`
 * symlink to `<host>-<pid>` (a dead owner's lock is taken over); a later launch sends its argv, working
 * folder and additional data to the owner's `SingletonSocket`, waits for the owner's "ACK" and gets
 * `false`. The owner hears of it only once ready (`NotificationCallbackWrapper` posts it until then).
 */
export class ProcessSingleton {
  readonly #dir: string;
  readonly #server: Server;

  private constructor(dir: string, onLaunch: (launch: SecondLaunch) => void) {
    this.#dir = dir;
    rmSync(join(dir, SOCKET), { force: true });
    this.#server = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        const data = Buffer.concat(chunks);
        if (data.length < 4 || data.length < 4 + data.readUInt32BE(0)) return;
        socket.end('ACK');
        onLaunch(deserialize(data.subarray(4, 4 + data.readUInt32BE(0))) as SecondLaunch);
      });
      socket.on('error', () => {});
    });
    this.#server.listen(join(dir, SOCKET));
    this.#server.unref();
  }

  /** The lock for `dir`, or `undefined` after handing `launch` to the process that holds it. */
  static request(
    dir: string,
    launch: SecondLaunch,
    onLaunch: (launch: SecondLaunch) => void,
  ): ProcessSingleton | undefined {
    const lockPath = join(dir, LOCK);
    for (;;) {
      try {
        symlinkSync(`${hostname()}-${process.pid}`, lockPath);
        return new ProcessSingleton(dir, onLaunch);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = ownerPid(lockPath);
      if (owner !== undefined && isRunning(owner) && owner !== process.pid) {
        notifyOwner(join(dir, SOCKET), launch);
        return undefined;
      }
      rmSync(lockPath, { force: true }); // a crashed owner's lock
    }
  }

  /** On quit (Chromium's `ProcessSingleton::Cleanup`). */
  release(): void {
    this.#server.close();
    rmSync(join(this.#dir, SOCKET), { force: true });
    if (ownerPid(join(this.#dir, LOCK)) === process.pid) rmSync(join(this.#dir, LOCK), { force: true });
  }
}

/** Blocks, as Chromium does, until the owner acknowledged the launch (or gave no answer in time). */
function notifyOwner(socketPath: string, launch: SecondLaunch): void {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./singleton-notify-worker.ts', import.meta.url), {
    workerData: { socketPath, message: serialize(launch), flag },
  });
  Atomics.wait(new Int32Array(flag), 0, 0, NOTIFY_TIMEOUT_MS);
  void worker.terminate();
}
