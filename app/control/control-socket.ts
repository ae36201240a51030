import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { HostError } from '../base/errors.ts';

/** The control socket's file name in the data dir (protocol.ts says what it speaks). */
export const CONTROL_SOCKET_FILE = 'control.sock';

/**
 * Where a host for `dataDir` listens: a Unix socket in the data dir, or on Windows a named pipe whose name
 * is derived from the data dir (pipes live in their own namespace, and are owner-only by default ACL).
 */
export function controlSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    // Loaded here, not imported: node:crypto costs every CLI command some 6 ms of start-up, and only this
    // Windows branch needs it.
    const { createHash } = process.getBuiltinModule('node:crypto');
    const digest = createHash('sha256').update(resolve(dataDir).toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\pwa-host-${digest}`;
  }
  return join(dataDir, CONTROL_SOCKET_FILE);
}

/** The longest Unix socket path bind and connect take (sun_path less its NUL): 107 on Linux, 103 elsewhere. */
function maxSocketPathBytes(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 107 : 103;
}

/** A path to bind or connect `socketPath` by; `release` once the bind or connect is done with it. */
export interface ReachableSocketPath {
  path: string;
  release(): void;
}

/**
 * `socketPath` itself when it fits in sun_path. A longer one (a deep data dir) is reached on Linux through
 * an open descriptor of its folder, `/proc/self/fd/<n>/control.sock`: the socket stays in the data dir,
 * owner-only like everything there, where no other user can reach or take its name. Elsewhere a long path
 * is refused with what to do. The descriptor must stay open while the path is used: a server keeps it
 * until it is closed (closing unlinks its socket through this path).
 */
export function reachableSocketPath(
  socketPath: string,
  platform: NodeJS.Platform = process.platform,
): ReachableSocketPath {
  const max = maxSocketPathBytes(platform);
  if (isNamedPipe(socketPath) || Buffer.byteLength(socketPath) <= max)
    return { path: socketPath, release() {} };
  if (platform === 'linux' && existsSync('/proc/self/fd')) {
    const folder = openSync(dirname(socketPath), 'r');
    return { path: `/proc/self/fd/${folder}/${basename(socketPath)}`, release: () => closeSync(folder) };
  }
  throw new HostError(
    'socket-path-too-long',
    `The control socket ${socketPath} is ${Buffer.byteLength(socketPath)} bytes long, and this system's ` +
      `Unix sockets take at most ${max}. Use a data dir with a shorter path (a symbolic link to this one ` +
      'keeps its apps and history), e.g. --data-dir ~/pwa-host-data.',
  );
}

/**
 * Whether a server answers on `socketPath`. `absent` covers both no file and a file left by a killed
 * host (ECONNREFUSED): nobody is listening either way. Other failures (e.g. EACCES) are thrown, since
 * guessing would risk talking past, or deleting, another user's live socket.
 */
export function probeControlSocket(socketPath: string): Promise<'listening' | 'absent'> {
  let reachable: ReachableSocketPath;
  try {
    reachable = reachableSocketPath(socketPath);
  } catch (error) {
    // No folder, no socket.
    if (isNobodyListening(error as NodeJS.ErrnoException)) return Promise.resolve('absent');
    return Promise.reject(error);
  }
  return new Promise<'listening' | 'absent'>((resolve, reject) => {
    const socket = connect(reachable.path);
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (isNobodyListening(error)) resolve('absent');
      else reject(error);
    });
  }).finally(() => reachable.release());
}

export function isNobodyListening(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNREFUSED' || error.code === 'ENOENT';
}

/**
 * Removes a stale socket file so a new server can bind the path. Call only while holding the data dir's
 * lock: then a socket that still answers belongs to something other than a PWA Host on this data dir,
 * and it is left alone.
 */
export async function removeStaleControlSocket(socketPath: string): Promise<void> {
  if ((await probeControlSocket(socketPath)) === 'listening') {
    throw new HostError(
      'control-socket-in-use',
      `Something is already listening on ${socketPath}, although no PWA Host holds this data dir. ` +
        'Stop that process or remove the socket file, then start the host again.',
    );
  }
  if (!isNamedPipe(socketPath)) rmSync(socketPath, { force: true });
}

/** Windows named pipes vanish with their server: nothing is left on disk to clean up or chmod. */
export function isNamedPipe(socketPath: string): boolean {
  return socketPath.startsWith('\\\\.\\pipe\\');
}
