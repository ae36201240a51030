import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** GET, POST, … for plain http through the proxy; CONNECT for a tunnel (https). */
  method: string;
  /** The host the browser asked for (and the port, for CONNECT). */
  host: string;
  /** The full URL for plain http; host:port for CONNECT. */
  target: string;
}

export interface LoggingProxy {
  /** `http://127.0.0.1:<port>`, for http_proxy/https_proxy or --proxy-server. */
  url: string;
  /** Everything the browser sent through the proxy, in order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that records what a browser sends through it and forwards nothing: plain
 * http requests to a host in `answers` get that body (with CORS allowed), everything else 502, and every
 * CONNECT is refused. Nothing leaves the machine, whatever the browser tries.
 */
export async function startLoggingProxy(answers: Record<string, string> = {}): Promise<LoggingProxy> {
  const requests: ProxiedRequest[] = [];
  const server = createServer((request, response) => {
    const url = URL.parse(request.url ?? '');
    const host = url?.host ?? request.headers.host ?? '';
    requests.push({ method: request.method ?? '', host, target: request.url ?? '' });
    request.resume();
    const body = url ? answers[url.host] : undefined;
    if (body === undefined) {
      response.writeHead(502).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end(body);
  });
  server.on('connect', (request, socket) => {
    const target = request.url ?? '';
    requests.push({ method: 'CONNECT', host: target, target });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The variables a person's environment sets to send a program's traffic through `proxyUrl`. */
export function proxyEnvironment(proxyUrl: string): NodeJS.ProcessEnv {
  return {
    http_proxy: proxyUrl,
    https_proxy: proxyUrl,
    HTTP_PROXY: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    all_proxy: proxyUrl,
    no_proxy: '',
  };
}
