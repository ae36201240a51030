import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { HostError } from '../sync/errors.ts';
import { CONTROL_SOCKET_FILE } from './protocol.ts';

export function controlSocketPath(dataDir: string): string {
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
  rmSync(socketPath, { force: true });
}
