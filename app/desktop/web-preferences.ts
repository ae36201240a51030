/**
 * Every `webPreferences` the desktop shell gives a window comes from here, so one test can read them all
 * and fail on a weakened one (Electron's security checklist: sandbox, context isolation, no Node, web
 * security on, no insecure content, no experimental or Blink features, no <webview>).
 */

/** Sessions (partitions): installed apps in one, the host's own pages in another. */
export const APPS_PARTITION = 'persist:apps';
export const HOST_UI_PARTITION = 'persist:host-ui';

/** The settings no window may loosen; typed as literals so a weakened value does not compile either. */
export const LOCKED_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  plugins: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
} as const;

export type SecureWebPreferences = typeof LOCKED_WEB_PREFERENCES & {
  partition: string;
  preload?: string;
  devTools: boolean;
};

/**
 * An installed app's window. Its page preload is registered on the apps session by the engine (so it also
 * runs in windows the page opens), hence no preload here. DevTools stay available to app developers.
 */
export function appWindowWebPreferences(): SecureWebPreferences {
  return { ...LOCKED_WEB_PREFERENCES, partition: APPS_PARTITION, devTools: true };
}

/** The management UI's window: the host API preload, and no DevTools in a packaged build. */
export function hostUiWebPreferences(preload: string, isPackaged: boolean): SecureWebPreferences {
  return { ...LOCKED_WEB_PREFERENCES, partition: HOST_UI_PARTITION, preload, devTools: !isPackaged };
}
