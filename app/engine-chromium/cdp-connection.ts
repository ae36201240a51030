import type { Readable, Writable } from 'node:stream';

export type CdpEventHandler = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/**
 * A flattened-mode DevTools connection to the whole browser: commands go to the browser or, with a
 * session id, to one attached target; every event arrives with the session it came from.
 */
export interface CdpConnection {
  send<T = Record<string, unknown>>(method: string, params?: object, sessionId?: string): Promise<T>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on(event: string, handler: CdpEventHandler): () => void;
  /** Settles once the connection is gone (closed here, or the browser went away); commands then fail. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

interface IncomingMessage {
  id?: number;
  result?: unknown;
  error?: { message?: string; data?: string };
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
}

interface PendingCommand {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The DevTools protocol over Chromium's `--remote-debugging-pipe`: commands are written to the browser's
 * fd 3 (`toBrowser`), replies and events read from its fd 4 (`fromBrowser`), each message one JSON text
 * followed by a NUL byte. No port, so no other local user can reach the browser.
 */
export function connectPipe(toBrowser: Writable, fromBrowser: Readable): CdpConnection {
  const pending = new Map<number, PendingCommand>();
  const handlers = new Map<string, Set<CdpEventHandler>>();
  let nextId = 1;
  let partial: Buffer[] = [];
  let closedBecause: string | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });

  const end = (why: string) => {
    if (closedBecause !== undefined) return;
    closedBecause = why;
    // Before the commands fail: whoever watches the connection hears that it closed first.
    markClosed();
    for (const command of pending.values())
      command.reject(new Error(`${command.method}: the browser connection closed (${why}).`));
    pending.clear();
  };

  const dispatch = (text: string) => {
    let message: IncomingMessage;
    try {
      message = JSON.parse(text) as IncomingMessage;
    } catch {
      return; // not ours to repair; the command it answered fails by the connection closing or never
    }
    if (typeof message.id === 'number') {
      const command = pending.get(message.id);
      if (!command) return;
      pending.delete(message.id);
      if (message.error) {
        const detail = message.error.data ? ` (${message.error.data})` : '';
        command.reject(new Error(`${command.method}: ${message.error.message ?? 'failed'}${detail}`));
      } else {
        command.resolve(message.result ?? {});
      }
    } else if (message.method) {
      for (const handler of [...(handlers.get(message.method) ?? [])]) {
        try {
          handler(message.params ?? {}, message.sessionId);
        } catch (error) {
          // A failing subscriber must not drop the messages after it in this chunk: report it as uncaught.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  };

  fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nul = chunk.indexOf(0); nul !== -1; nul = chunk.indexOf(0, start)) {
      partial.push(chunk.subarray(start, nul));
      const text = Buffer.concat(partial).toString('utf8');
      partial = [];
      start = nul + 1;
      dispatch(text);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  });
  fromBrowser.once('end', () => end('the browser closed its end'));
  fromBrowser.once('close', () => end('the pipe closed'));
  fromBrowser.once('error', (error) => end(error.message));
  toBrowser.once('error', (error) => end(error.message));

  return {
    send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
      if (closedBecause !== undefined)
        return Promise.reject(new Error(`${method}: the browser connection closed (${closedBecause}).`));
      const id = nextId++;
      const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject });
        toBrowser.write(`${message}\0`);
      });
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler);
      handlers.set(event, set);
      return () => set.delete(handler);
    },
    closed,
    async close() {
      toBrowser.end();
      fromBrowser.destroy();
      end('closed by the host');
    },
  };
}
