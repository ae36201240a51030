import { once } from 'node:events';
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { HostOperations } from '../host/host-operations.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { isNamedPipe, removeStaleControlSocket } from './control-socket.ts';
import { handleRequestLine, type Send } from './handle-request-line.ts';
import { LineSplitter } from './line-splitter.ts';
import { operationHandlers } from './operation-handlers.ts';
import { MAX_REQUEST_BYTES } from './protocol.ts';

export interface ControlServerOptions {
  socketPath: string;
  operations: HostOperations;
  logger?: Logger;
}

export interface ControlServer {
  readonly socketPath: string;
  /** Stops accepting, drops open connections (their pending replies are lost) and removes the socket. */
  close(): Promise<void>;
}

/**
 * Serves `operations` on a Unix socket only its owner can use. The caller must hold the data dir's lock:
 * a stale socket file left by a killed host is replaced, which is only safe when no other host can be
 * serving the same data dir.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const logger = options.logger ?? silentLogger;
  const handlers = operationHandlers(options.operations);
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    serveConnection(socket, (line, send) => handleRequestLine(line, handlers, send, logger), logger);
  });
  await removeStaleControlSocket(options.socketPath);
  await listenOwnerOnly(server, options.socketPath);
  return {
    socketPath: options.socketPath,
    async close() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}

function serveConnection(
  socket: Socket,
  handleLine: (line: string, send: Send) => Promise<void>,
  logger: Logger,
): void {
  const splitter = new LineSplitter(MAX_REQUEST_BYTES);
  const send: Send = (message) => {
    if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
  };
  const onData = (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk);
    for (const line of lines) if (line.trim() !== '') void handleLine(line, send);
    if (!overflow) return;
    socket.off('data', onData);
    logger.warn({}, `control request over ${MAX_REQUEST_BYTES} bytes refused; connection closed`);
    send({
      id: null,
      ok: false,
      error: { code: 'request-too-large', message: `A request may be at most ${MAX_REQUEST_BYTES} bytes.` },
    });
    socket.end(() => socket.destroy());
  };
  socket.on('data', onData);
  // A client that goes away mid-reply (EPIPE, ECONNRESET) is its own business, not the server's.
  socket.on('error', (error) => logger.debug({ err: error }, 'control connection error'));
}

/**
 * Binds with a umask that leaves the socket owner-only from the start, then makes sure with chmod. (A
 * Windows named pipe has no file mode: its default ACL already limits it to the owner.)
 */
async function listenOwnerOnly(server: Server, socketPath: string): Promise<void> {
  const listening = once(server, 'listening');
  if (isNamedPipe(socketPath)) {
    server.listen(socketPath);
    await listening;
    return;
  }
  const previousUmask = process.umask(0o177);
  try {
    server.listen(socketPath);
  } finally {
    process.umask(previousUmask);
  }
  await listening;
  chmodSync(socketPath, 0o600);
}
