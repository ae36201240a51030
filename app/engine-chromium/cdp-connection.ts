import type { EventEmitter } from 'node:events';
import CDP from 'chrome-remote-interface';

export type CdpEventHandler = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/**
 * A flattened-mode DevTools connection to the whole browser: commands go to the browser or, with a
 * session id, to one attached target; every event arrives with the session it came from.
 */
export interface CdpConnection {
  send<T = Record<string, unknown>>(method: string, params?: object, sessionId?: string): Promise<T>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on(event: string, handler: CdpEventHandler): () => void;
  close(): Promise<void>;
}

export async function connectCdp(webSocketUrl: string): Promise<CdpConnection> {
  // `local: true` uses the client's bundled protocol description instead of fetching one over HTTP;
  // only send() and raw events are used, so its age does not matter.
  const client = await CDP({ target: webSocketUrl, local: true });
  // The typings know only the protocol's fixed method names; this layer forwards any method.
  const rawSend = client.send.bind(client) as unknown as (
    method: string,
    params: object,
    sessionId?: string,
  ) => Promise<unknown>;
  const rawOn = client.on.bind(client) as unknown as (event: string, handler: CdpEventHandler) => void;
  return {
    send: <T>(method: string, params: object = {}, sessionId?: string) =>
      rawSend(method, params, sessionId) as Promise<T>,
    on: (event, handler) => {
      rawOn(event, handler);
      // The client is an EventEmitter at run time; its typings leave that out.
      return () => (client as unknown as EventEmitter).removeListener(event, handler as never);
    },
    close: () => client.close(),
  };
}
