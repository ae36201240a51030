import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { HostError } from '../base/errors.ts';
import type { InstallProgress } from '../host/host-operations.ts';
import { isNobodyListening } from './control-socket.ts';
import { fromErrorBody } from './error-body.ts';
import { LineSplitter } from './line-splitter.ts';
import {
  type ControlMessage,
  controlMessageSchema,
  type OperationArgs,
  type OperationName,
  type OperationResult,
} from './protocol.ts';

/** Replies carry whole app, sync and run lists; this only guards against a runaway peer. */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: InstallProgress) => void;
}

/** One connection to a running host's control socket; requests on it may overlap. */
export class ControlClient {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Why the connection ended; requests made afterwards fail with it instead of waiting forever. */
  #failure: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
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
    const socket = connect(socketPath);
    try {
      await once(socket, 'connect');
    } catch (error) {
      socket.destroy();
      if (isNobodyListening(error as NodeJS.ErrnoException)) return undefined;
      throw error;
    }
    return new ControlClient(socket);
  }

  request<Op extends OperationName>(
    op: Op,
    args: OperationArgs<Op>,
    onProgress?: (progress: InstallProgress) => void,
  ): Promise<OperationResult<Op>> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
        ...(onProgress === undefined ? {} : { onProgress }),
      });
      this.#socket.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  close(): void {
    this.#socket.end();
  }

  #receive(line: string): void {
    let message: ControlMessage;
    try {
      message = controlMessageSchema.parse(JSON.parse(line)) as ControlMessage;
    } catch {
      this.#failAll(protocolError('the host sent a reply this client does not understand'));
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
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#socket.destroy();
  }
}

function protocolError(detail: string): HostError {
  return new HostError('protocol-error', `The control connection failed: ${detail}.`);
}
