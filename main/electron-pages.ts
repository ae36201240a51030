import { BrowserWindow, type Session } from 'electron';
import { appWindowWebPreferences } from '../app/desktop/web-preferences.ts';
import type { AppPage, BrowserPages } from '../app/engine/browser-pages.ts';
import type { CdpConnection, CdpEventHandler } from '../app/engine-chromium/cdp-connection.ts';
import { ChromiumPage } from '../app/engine-chromium/chromium-page.ts';

/** The page's own DevTools session has no session id; ChromiumPage matches events by this one. */
const PAGE_SESSION = 'electron-page';

/**
 * A hidden window of the apps session (it never shows: install and `open` only need its page) driven through its in-process DevTools client
 * (`webContents.debugger`, a trusted page-level client: Page, Network and Runtime work on it), shaped as
 * the CdpConnection ChromiumPage reads, so install and `open` use the same page code as the headless
 * engine. Closing the target closes the window.
 */
async function openHiddenPage(): Promise<AppPage> {
  const window = new BrowserWindow({ show: false, webPreferences: appWindowWebPreferences() });
  const contents = window.webContents;
  const handlers = new Map<string, Set<CdpEventHandler>>();
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const emit = (method: string, params: Record<string, unknown>) => {
    for (const handler of handlers.get(method) ?? []) handler(params, PAGE_SESSION);
  };
  window.on('closed', () => {
    emit('Target.detachedFromTarget', { sessionId: PAGE_SESSION });
    markClosed();
  });
  // A document (and so a renderer) to attach to before the first navigation.
  await window.loadURL('about:blank');
  contents.debugger.attach('1.3');
  contents.debugger.on('message', (_event, method, params: Record<string, unknown>) => emit(method, params));
  const cdp: CdpConnection = {
    async send<T>(method: string, params: object = {}): Promise<T> {
      if (method === 'Target.closeTarget') {
        if (!window.isDestroyed()) window.destroy();
        return {} as T;
      }
      return (await contents.debugger.sendCommand(method, params)) as T;
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler);
      handlers.set(event, set);
      return () => set.delete(handler);
    },
    closed,
    async close() {
      if (!window.isDestroyed()) window.destroy();
    },
  };
  await cdp.send('Page.enable');
  await cdp.send('Network.enable');
  const tree = await cdp.send<{ frameTree: { frame: { id: string } } }>('Page.getFrameTree');
  return new ChromiumPage(cdp, {
    sessionId: PAGE_SESSION,
    targetId: tree.frameTree.frame.id,
    type: 'page',
    url: 'about:blank',
    contexts: new Map(),
    frameUrls: new Map(),
    shimReady: true,
    primed: true,
  });
}

/** BrowserPages on the apps session: hidden pages for install and `open`, storage cleared per origin. */
export function electronPages(session: Session, workerScopes: () => string[]): BrowserPages {
  return {
    openPage: openHiddenPage,
    async clearOrigin(origin) {
      await session.clearStorageData({ origin });
    },
    workerScopes,
  };
}
