import type { Socket } from 'node:net';
import type { Logger } from '../logging/logger.ts';
import type { ControlLimits } from './control-limits.ts';
import type { Send } from './handle-request-line.ts';
import { LineSplitter } from './line-splitter.ts';
import { MAX_REQUEST_BYTES } from './request-size.ts';

/**
 * Serves the request lines of one connection with back-pressure: at most `maxRequestsInFlight` requests are
 * handled at once, and nothing more is read while requests wait or replies are not drained, so a client that
 * writes and never reads fills its own socket buffers, not the host's memory. A connection whose unsent
 * replies grow past `maxUnsentReplyBytes`, or that does not drain within `drainTimeoutMs`, is dropped.
 * Returns the connection's `send`, which the server also uses for the events the client subscribed to.
 */
export function serveConnection(
  socket: Socket,
  handleLine: (line: string, send: Send) => Promise<void>,
  limits: ControlLimits,
  logger: Logger,
): Send {
  const splitter = new LineSplitter(MAX_REQUEST_BYTES);
  const waiting: string[] = [];
  let inFlight = 0;
  let drainTimer: NodeJS.Timeout | undefined;

  const drop = (reason: string) => {
    logger.warn(
      { unsentBytes: socket.writableLength, requestsWaiting: waiting.length, requestsInFlight: inFlight },
      `control connection dropped: the client did not read its replies (${reason})`,
    );
    waiting.length = 0;
    socket.destroy();
  };

  const send: Send = (message) => {
    if (socket.destroyed || !socket.writable) return;
    socket.write(`${JSON.stringify(message)}\n`);
    if (socket.writableLength > limits.maxUnsentReplyBytes) {
      drop(`over ${limits.maxUnsentReplyBytes} bytes of replies unsent`);
    } else if (socket.writableNeedDrain && drainTimer === undefined) {
      drainTimer = setTimeout(
        () => drop(`replies not drained within ${limits.drainTimeoutMs} ms`),
        limits.drainTimeoutMs,
      );
    }
  };

  const pump = () => {
    while (waiting.length > 0 && inFlight < limits.maxRequestsInFlight && !socket.writableNeedDrain) {
      const line = waiting.shift() as string;
      inFlight++;
      void handleLine(line, send).finally(() => {
        inFlight--;
        pump();
      });
    }
    // Read on only when everything read so far is being handled and the replies are flowing.
    if (socket.destroyed) return;
    if (waiting.length === 0 && !socket.writableNeedDrain) socket.resume();
    else socket.pause();
  };

  socket.on('drain', () => {
    clearTimeout(drainTimer);
    drainTimer = undefined;
    pump();
  });
  socket.on('close', () => clearTimeout(drainTimer));

  const onData = (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk);
    for (const line of lines) if (line.trim() !== '') waiting.push(line);
    if (overflow) {
      socket.off('data', onData);
      waiting.length = 0;
      logger.warn({}, `control request over ${MAX_REQUEST_BYTES} bytes refused; connection closed`);
      send({
        id: null,
        ok: false,
        error: {
          code: 'request-too-large',
          message: `A request may be at most ${MAX_REQUEST_BYTES} bytes.`,
        },
      });
      socket.end(() => socket.destroy());
      return;
    }
    pump();
  };
  socket.on('data', onData);
  // A client that goes away mid-reply (EPIPE, ECONNRESET) is its own business, not the server's.
  socket.on('error', (error) => logger.debug({ err: error }, 'control connection error'));
  return send;
}
