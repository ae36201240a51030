import { z } from 'zod';
import { type PageRequests, pageRequests } from '../../control/page-requests.ts';
import type { HostApi } from '../../host/host-api.ts';
import { UI_CONTENT_SECURITY_POLICY } from '../../host/ui-page.ts';
import type { Logger } from '../../logging/logger.ts';
import type { PageSession } from './page-session.ts';
import { BRIDGE_BINDING, BRIDGE_RECEIVER, type BridgeReply } from './ui-bridge-protocol.ts';
import type { UiPageFiles } from './ui-page-files.ts';

/**
 * The UI's own origin. It is never looked up: every request of the page is answered from memory here, and
 * its window runs offline (no proxy, no name resolves: ui-window.ts), so not even the browser's preconnect
 * to it leaves the machine.
 */
export const UI_ORIGIN = 'https://pwa-host.invalid';
export const UI_URL = `${UI_ORIGIN}/index.html`;

const RESPONSE_HEADERS = [
  { name: 'content-security-policy', value: UI_CONTENT_SECURITY_POLICY },
  { name: 'x-content-type-options', value: 'nosniff' },
  { name: 'cache-control', value: 'no-store' },
  { name: 'referrer-policy', value: 'no-referrer' },
];

const requestPausedSchema = z.object({ requestId: z.string(), request: z.object({ url: z.string() }) });
const contextCreatedSchema = z.object({
  context: z.object({
    id: z.number(),
    origin: z.string(),
    auxData: z.object({ isDefault: z.boolean().optional() }).loose().optional(),
  }),
});
const contextDestroyedSchema = z.object({ executionContextId: z.number() });
const bindingCalledSchema = z.object({
  name: z.string(),
  payload: z.string(),
  executionContextId: z.number(),
});

export interface UiBridgeOptions {
  session: PageSession;
  api: HostApi;
  files: UiPageFiles;
  logger: Logger;
  /** Told when the page first reaches the host (it loaded, and the bridge works). */
  onConnected?: () => void;
}

export interface UiBridge {
  /** Stops answering the page and drops its event subscriptions. */
  close(): Promise<void>;
}

/**
 * Serves the built UI to one page and gives it the host API with no network port: the page's requests are
 * answered from memory by DevTools' Fetch interception (any other request is refused), the page side of the
 * bridge is injected before the page's own script, and calls arrive through a `Runtime.addBinding`
 * binding. Only the UI origin's main world is answered; every message is validated like a control-socket
 * request (`pageRequests`). Call before navigating the page to `UI_URL`.
 */
export async function bridgeUiPage(options: UiBridgeOptions): Promise<UiBridge> {
  const { session, api, files, logger } = options;
  /** Main-world execution contexts of the UI origin, each with its page's requests. */
  const uiContexts = new Map<number, PageRequests>();

  const dropContext = (id: number) => {
    void uiContexts.get(id)?.close();
    uiContexts.delete(id);
  };
  const deliver = (contextId: number, message: BridgeReply) => {
    if (!uiContexts.has(contextId)) return;
    session
      .send('Runtime.callFunctionOn', {
        functionDeclaration: `function (message) { globalThis[Symbol.for(${JSON.stringify(BRIDGE_RECEIVER)})](message); }`,
        executionContextId: contextId,
        arguments: [{ value: message }],
      })
      .catch(() => {
        // The page navigated or closed meanwhile: nobody is waiting for this any more.
      });
  };

  const stops = [
    session.on('Fetch.requestPaused', (params) => {
      const parsed = requestPausedSchema.safeParse(params);
      if (parsed.success) void answerRequest(session, files, parsed.data);
    }),
    session.on('Runtime.executionContextCreated', (params) => {
      const parsed = contextCreatedSchema.safeParse(params);
      if (!parsed.success) return;
      const { context } = parsed.data;
      if (context.origin !== UI_ORIGIN || context.auxData?.isDefault !== true) return;
      uiContexts.set(
        context.id,
        pageRequests(api, (message) => deliver(context.id, message), logger),
      );
    }),
    session.on('Runtime.executionContextDestroyed', (params) => {
      const parsed = contextDestroyedSchema.safeParse(params);
      if (parsed.success) dropContext(parsed.data.executionContextId);
    }),
    session.on('Runtime.executionContextsCleared', () => {
      for (const id of [...uiContexts.keys()]) dropContext(id);
    }),
    session.on('Runtime.bindingCalled', (params) => {
      const parsed = bindingCalledSchema.safeParse(params);
      if (!parsed.success || parsed.data.name !== BRIDGE_BINDING) return;
      const { executionContextId, payload } = parsed.data;
      const requests = uiContexts.get(executionContextId);
      if (requests === undefined) {
        logger.warn({ executionContextId }, 'ignored a host API call from outside the UI page');
        return;
      }
      options.onConnected?.();
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        logger.warn({}, 'the UI page sent a message that is not JSON');
        return;
      }
      void requests.handle(message);
    }),
  ];

  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  await session.send('Runtime.enable');
  await session.send('Runtime.addBinding', { name: BRIDGE_BINDING });
  await session.send('Page.enable');
  await session.send('Page.addScriptToEvaluateOnNewDocument', { source: files.bridgeScript });

  return {
    async close() {
      for (const stop of stops) stop();
      for (const id of [...uiContexts.keys()]) dropContext(id);
    },
  };
}

async function answerRequest(
  session: PageSession,
  files: UiPageFiles,
  paused: z.infer<typeof requestPausedSchema>,
): Promise<void> {
  const url = URL.parse(paused.request.url);
  try {
    if (url === null || url.origin !== UI_ORIGIN) {
      // The UI loads nothing from anywhere else: no request of this window reaches a network.
      await session.send('Fetch.failRequest', {
        requestId: paused.requestId,
        errorReason: 'BlockedByClient',
      });
      return;
    }
    const file = files.get(url.pathname);
    await session.send('Fetch.fulfillRequest', {
      requestId: paused.requestId,
      responseCode: file ? 200 : 404,
      responseHeaders: [
        { name: 'content-type', value: file?.type ?? 'text/plain; charset=utf-8' },
        ...RESPONSE_HEADERS,
      ],
      body: (file?.body ?? Buffer.from('Not found')).toString('base64'),
    });
  } catch {
    // The page went away while its request was answered.
  }
}
