import { once } from 'node:events';
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { HostOperations } from '../host/host-api.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { serveConnection } from './control-connection.ts';
import { type ControlLimits, DEFAULT_CONTROL_LIMITS } from './control-limits.ts';
import { isNamedPipe, reachableSocketPath, removeStaleControlSocket } from './control-socket.ts';
import { eventSubscriptions } from './event-subscriptions.ts';
import { handleRequestLine, type Send } from './handle-request-line.ts';
import type { ControlMessage } from './protocol.ts';

export interface ControlServerOptions {
  socketPath: string;
  operations: HostOperations;
  logger?: Logger;
  /** Overrides of DEFAULT_CONTROL_LIMITS (tests shorten the drain time). */
  limits?: Partial<ControlLimits>;
}

/** How long a refused connection may stay open after its error line before it is closed regardless. */
const REFUSED_LINGER_MS = 2000;
/** At most one log line per this interval about refused connections, with how many were refused. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

export interface ControlServer {
  readonly socketPath: string;
  /** Stops accepting, drops open connections (their pending replies are lost) and removes the socket. */
  close(): Promise<void>;
}

/**
 * Serves the host API `operations` (and its events, to clients that subscribe) on a Unix socket only its owner can use. The caller must hold the data dir's lock:
 * a stale socket file left by a killed host is replaced, which is only safe when no other host can be
 * serving the same data dir.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const logger = options.logger ?? silentLogger;
  const { operations } = options;
  const limits = { ...DEFAULT_CONTROL_LIMITS, ...options.limits };
  const served = new Set<Socket>();
  const refused = new Set<Socket>();
  // A client reconnecting in a loop is refused thousands of times a second: log a count now and then.
  let refusalsUnlogged = 0;
  let refusalLoggedAt = Number.NEGATIVE_INFINITY;
  const server = createServer((socket) => {
    const set = served.size < limits.maxConnections ? served : refused;
    set.add(socket);
    socket.once('close', () => set.delete(socket));
    if (set === served) {
      // Events go through the connection's own send, so a subscriber that does not read is dropped.
      let send: Send = () => {};
      const followed = eventSubscriptions(operations.events, (message) => send(message));
      send = serveConnection(
        socket,
        (line, reply) => handleRequestLine(line, operations, followed, reply, logger),
        limits,
        logger,
      );
      socket.once('close', () => followed.close());
      return;
    }
    refuseConnection(socket, limits.maxConnections);
    refusalsUnlogged++;
    if (Date.now() - refusalLoggedAt < REFUSAL_LOG_INTERVAL_MS) return;
    logger.warn(
      { refused: refusalsUnlogged, maxConnections: limits.maxConnections },
      'refused a control connection: too many are open',
    );
    refusalsUnlogged = 0;
    refusalLoggedAt = Date.now();
  });
  await removeStaleControlSocket(options.socketPath);
  const reachable = reachableSocketPath(options.socketPath);
  try {
    await listenOwnerOnly(server, reachable.path, options.socketPath);
  } catch (error) {
    reachable.release();
    throw error;
  }
  // Without a listener, a failed accept (EMFILE when out of file descriptors) would crash the host.
  server.on('error', (error) =>
    logger.error({ err: error }, 'the control socket failed to accept a connection'),
  );
  return {
    socketPath: options.socketPath,
    async close() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      for (const socket of [...served, ...refused]) socket.destroy();
      await closed;
      reachable.release();
    },
  };
}

/**
 * Tells a connection over the cap why it is refused, then closes it. What it sends meanwhile is read and
 * discarded, so its request does not turn the close into a reset that could hide the message.
 */
function refuseConnection(socket: Socket, maxConnections: number): void {
  const refusal: ControlMessage = {
    id: null,
    ok: false,
    error: {
      code: 'too-many-connections',
      message:
        `The host already serves ${maxConnections} control connections, so it refused this one. ` +
        'Stop scripts or pwa-host commands that keep connections open, then try again.',
    },
  };
  socket.on('error', () => {});
  socket.resume();
  socket.end(`${JSON.stringify(refusal)}\n`);
  // A client that never hangs up is not waited for.
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}

/**
 * Binds with a umask that leaves the socket owner-only from the start, then makes sure with chmod. (A
 * Windows named pipe has no file mode: its default ACL already limits it to the owner.)
 */
async function listenOwnerOnly(server: Server, bindPath: string, socketPath: string): Promise<void> {
  const listening = once(server, 'listening');
  if (isNamedPipe(socketPath)) {
    server.listen(bindPath);
    await listening;
    return;
  }
  const previousUmask = process.umask(0o177);
  try {
    server.listen(bindPath);
  } finally {
    process.umask(previousUmask);
  }
  await listening;
  chmodSync(socketPath, 0o600);
}
