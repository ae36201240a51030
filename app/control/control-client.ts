import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { HostError } from '../base/errors.ts';
import type { ApiTransport, CallOptions, OperationName } from '../host/host-api.ts';
import type { HostEventMessage, HostEventName } from '../host/host-events.ts';
import type { InstallProgress } from '../host/host-operations.ts';
import { parseControlMessage } from './control-message.ts';
import { isNobodyListening, type ReachableSocketPath, reachableSocketPath } from './control-socket.ts';
import { fromErrorBody } from './error-body.ts';
import { LineSplitter } from './line-splitter.ts';
import type { SubscriptionOp } from './protocol.ts';
import { MAX_REQUEST_BYTES, requestTooLarge } from './request-size.ts';

/** Replies carry whole app, sync and run lists; this only guards against a runaway peer. */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: InstallProgress) => void;
}

type EventHandler = (message: HostEventMessage) => void;

/**
 * One connection to a running host's control socket, the host API's transport to another process
 * (`createApiClient(client)`); requests on it may overlap.
 */
export class ControlClient implements ApiTransport {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  readonly #eventHandlers = new Map<EventHandler, ReadonlySet<HostEventName>>();
  readonly #closed: Promise<Error>;
  #settleClosed: (reason: Error) => void = () => {};
  #nextId = 1;
  /** Why the connection ended; requests made afterwards fail with it instead of waiting forever. */
  #failure: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.#closed = new Promise((resolve) => {
      this.#settleClosed = resolve;
    });
    const splitter = new LineSplitter(MAX_REPLY_BYTES);
    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = splitter.push(chunk);
      for (const line of lines) this.#receive(line);
      if (overflow) this.#failAll(protocolError(`a reply was larger than ${MAX_REPLY_BYTES} bytes`));
    });
    socket.on('error', (error) => this.#failAll(error));
    socket.on('close', () =>
      this.#failAll(
        new HostError('connection-closed', 'The host closed the control connection before replying.'),
      ),
    );
  }

  /** Connects, or resolves undefined when no host is serving on `socketPath` (no file, or a stale one). */
  static async connect(socketPath: string): Promise<ControlClient | undefined> {
    let reachable: ReachableSocketPath | undefined;
    let socket: Socket | undefined;
    try {
      // Opening the folder of a long path fails with ENOENT where there is no data dir yet.
      reachable = reachableSocketPath(socketPath);
      socket = connect(reachable.path);
      await once(socket, 'connect');
    } catch (error) {
      socket?.destroy();
      if (isNobodyListening(error as NodeJS.ErrnoException)) return undefined;
      throw error;
    } finally {
      reachable?.release();
    }
    return new ControlClient(socket);
  }

  /** Settles with why the connection ended (the host stopped, or it dropped this client), once it has. */
  get closed(): Promise<Error> {
    return this.#closed;
  }

  request(op: OperationName | SubscriptionOp, args: object, options?: CallOptions): Promise<unknown> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const line = `${JSON.stringify({ id, op, args })}\n`;
    // The host refuses a longer line and closes the connection (it cannot tell whose request it was):
    // refused here instead, only this request fails and the connection serves on.
    if (Buffer.byteLength(line) > MAX_REQUEST_BYTES) return Promise.reject(requestTooLarge(op));
    const onProgress = options?.onProgress;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onProgress === undefined ? {} : { onProgress }) });
      this.#socket.write(line);
    });
  }

  /**
   * Follows `events` on this connection; resolves once the host confirmed, with the function that stops.
   * Events that no handler follows any more are unsubscribed at the host too.
   */
  async subscribe(events: readonly HostEventName[], handler: EventHandler): Promise<() => Promise<void>> {
    this.#eventHandlers.set(handler, new Set(events));
    try {
      await this.request('subscribe', { events });
    } catch (error) {
      this.#eventHandlers.delete(handler);
      throw error;
    }
    return async () => {
      if (!this.#eventHandlers.delete(handler)) return;
      const stillFollowed = new Set([...this.#eventHandlers.values()].flatMap((followed) => [...followed]));
      const dropped = events.filter((event) => !stillFollowed.has(event));
      if (dropped.length > 0 && this.#failure === undefined)
        await this.request('unsubscribe', { events: dropped });
    };
  }

  close(): void {
    this.#socket.end();
  }

  #receive(line: string): void {
    const message = parseControlMessage(line);
    if (message === undefined) {
      this.#failAll(protocolError('the host sent a reply this client does not understand'));
      return;
    }
    if ('event' in message) {
      for (const [handler, followed] of [...this.#eventHandlers]) {
        if (followed.has(message.event)) handler(message);
      }
      return;
    }
    if (message.id === null) {
      // The server could not tell which request failed (e.g. it refused a line): every request shares the fate.
      if ('error' in message) this.#failAll(fromErrorBody(message.error));
      return;
    }
    const pending = typeof message.id === 'number' ? this.#pending.get(message.id) : undefined;
    if (pending === undefined) return;
    if ('progress' in message) {
      pending.onProgress?.(message.progress);
      return;
    }
    this.#pending.delete(message.id as number);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(fromErrorBody(message.error));
  }

  #failAll(error: Error): void {
    this.#failure ??= error;
    this.#settleClosed(this.#failure);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#socket.destroy();
  }
}

function protocolError(detail: string): HostError {
  return new HostError('protocol-error', `The control connection failed: ${detail}.`);
}
