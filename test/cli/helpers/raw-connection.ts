import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A bare socket to the control server, for sending what a well-behaved client never would. */
export class RawConnection {
  readonly socket: Socket;
  readonly #messages: unknown[] = [];
  #buffer = '';
  #waiting: (() => void) | undefined;
  closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.#buffer += text;
      const lines = this.#buffer.split('\n');
      this.#buffer = lines.pop() ?? '';
      for (const line of lines) this.#messages.push(JSON.parse(line));
      this.#waiting?.();
    });
    // The server may reset a connection it refused while the test is still writing.
    socket.on('error', () => {});
    // Settles however the connection ends: `once` would reject on the reset a dropped connection sees.
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(socketPath: string): Promise<RawConnection> {
    const socket = connect(socketPath);
    await once(socket, 'connect');
    return new RawConnection(socket);
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** The next message the server sent, in order. */
  async next(): Promise<unknown> {
    while (this.#messages.length === 0) {
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
      });
    }
    return this.#messages.shift();
  }

  close(): void {
    this.socket.destroy();
  }
}
