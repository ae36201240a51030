import { app, type Session, shell, type WebContents } from 'electron';
import { ExternalOpenBudget } from '../app/desktop/external-open-budget.ts';
import { externalUrl } from '../app/desktop/navigation-policy.ts';
import {
  decideAppPermission,
  decideHostPagePermission,
  type PermissionRequest,
} from '../app/desktop/permission-policy.ts';
import type { Logger } from '../app/logging/logger.ts';

/** One budget for the whole main process: what each app (or the manager) may open without a popup blocker. */
const opens = new ExternalOpenBudget(Date.now);

/** Whether `source` may open one more thing (a browser tab, an app window) now; counted if so. */
export function withinOpenBudget(source: string): boolean {
  return opens.take(source);
}

/**
 * Opens a URL in the default browser or mail client only after the scheme check (checklist item 15), and
 * only within `source`'s budget (an app id, or the manager): a page cannot flood the browser with tabs.
 */
export function openExternally(url: string, source: string, logger: Logger): void {
  const checked = externalUrl(url);
  if (checked === null) {
    logger.warn(
      { source, url: url.slice(0, 200) },
      'refused to open a URL outside the host: not http, https or mailto',
    );
    return;
  }
  if (!withinOpenBudget(source)) {
    logger.warn({ source, url: checked.slice(0, 200) }, 'refused to open a URL: too many in a short time');
    return;
  }
  shell.openExternal(checked).catch((error: unknown) => {
    logger.warn({ url: checked, error: String(error) }, 'the default browser did not open the URL');
  });
}

/** Permission requests and checks on a session go through one pure decision (deny by default). */
function decidePermissions(session: Session, decide: (request: PermissionRequest) => boolean): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(decide({ permission, requestingUrl: details.requestingUrl }));
  });
  // A check from a service worker carries no document URL, only the origin.
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    decide({ permission, requestingUrl: details.requestingUrl, origin: requestingOrigin }),
  );
  // Device pickers (HID, serial, USB, Bluetooth) are never offered.
  session.setDevicePermissionHandler(() => false);
}

export function secureAppsSession(session: Session, installedScopes: () => string[]): void {
  decidePermissions(session, (request) => decideAppPermission(request, installedScopes()));
}

export function secureHostUiSession(session: Session): void {
  decidePermissions(session, decideHostPagePermission);
}

/**
 * For every web contents the app creates: no <webview> at all, and no new window unless a window's own
 * handler (app-windows.ts) says so. Navigation rules are per window kind, set where windows are made.
 */
export function lockDownWebContents(logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      logger.warn({ url: contents.getURL() }, 'a page tried to attach a <webview>; refused');
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
