import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
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

/**
 * Whether a server answers on `socketPath`. `absent` covers both no file and a file left by a killed
 * host (ECONNREFUSED): nobody is listening either way. Other failures (e.g. EACCES) are thrown, since
 * guessing would risk talking past, or deleting, another user's live socket.
 */
export function probeControlSocket(socketPath: string): Promise<'listening' | 'absent'> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (isNobodyListening(error)) resolve('absent');
      else reject(error);
    });
  });
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
