/**
 * The names the OS knows the desktop app by, which main/ sets at start and the packaging config declares
 * (test/packaging/builder-config.test.ts keeps both sides equal).
 */

/**
 * electron-builder.yml `appId`. On Windows it is the AppUserModelID the installer gives the app's shortcuts,
 * and a process must claim the same one (`app.setAppUserModelId`) for its toasts to show and its taskbar
 * button to group with the shortcut (electron/electron docs/tutorial/notifications.md, "Windows").
 */
export const DESKTOP_APP_ID = 'dev.pwa-host.app';

/**
 * package.json `desktopName`: the .desktop entry the installers write. Linux badges (Unity LauncherEntry)
 * and window grouping name it (`app.setDesktopName`).
 */
export const DESKTOP_ENTRY_NAME = 'pwa-host.desktop';
