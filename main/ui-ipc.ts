import type { IpcMain, IpcMainEvent, Session, WebContents } from 'electron';
import { type PageRequests, pageRequests } from '../app/control/page-requests.ts';
import type { HostApi } from '../app/host/host-api.ts';
import { isUiRequestSender, UI_MESSAGE_CHANNEL, UI_REQUEST_CHANNEL } from '../app/host/ui-page.ts';
import type { Logger } from '../app/logging/logger.ts';

export interface UiIpcOptions {
  ipcMain: IpcMain;
  /** The host UI's session (`persist:host-ui`): requests from any other session are refused. */
  session: Session;
  /** The host API; in the shell's own process, `inProcessApi(operations)` (app/host/in-process-api.ts). */
  api: HostApi;
  logger: Logger;
}

/**
 * Serves the host API to the management UI page over IPC (its preload is preload/ui.ts). Only the top
 * frame of a page at pwa-host://ui in the host UI's session is answered; every request is validated like a control-socket request
 * (`pageRequests`), and what the page follows ends when it navigates or closes. Returns the function that
 * stops serving.
 */
export function registerUiIpc({ ipcMain, session, api, logger }: UiIpcOptions): () => void {
  const pages = new Map<number, PageRequests>();
  const watched = new WeakSet<WebContents>();

  const forget = (id: number) => {
    void pages.get(id)?.close();
    pages.delete(id);
  };
  const requestsOf = (contents: WebContents): PageRequests => {
    const existing = pages.get(contents.id);
    if (existing) return existing;
    const id = contents.id;
    const requests = pageRequests(
      api,
      (message) => {
        if (!contents.isDestroyed()) contents.send(UI_MESSAGE_CHANNEL, message);
      },
      logger,
    );
    pages.set(id, requests);
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.once('destroyed', () => forget(id));
      // A reload or a navigation ends the page that subscribed: its subscriptions end with it.
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) forget(id);
      });
    }
    return requests;
  };

  const onRequest = (event: IpcMainEvent, message: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      frameUrl: frame?.url ?? null,
      topFrame: frame !== null && frame.parent === null,
      hostUiSession: event.sender.session === session,
    };
    if (!isUiRequestSender(sender)) {
      logger.warn(sender, 'refused a host API request from a page that is not the UI');
      return;
    }
    void requestsOf(event.sender).handle(message);
  };
  ipcMain.on(UI_REQUEST_CHANNEL, onRequest);
  return () => {
    ipcMain.off(UI_REQUEST_CHANNEL, onRequest);
    for (const id of [...pages.keys()]) forget(id);
  };
}
