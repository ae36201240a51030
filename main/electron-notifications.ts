import { app, Notification } from 'electron';
import { nativeImageFormats } from '../app/desktop/window-options.ts';
import type { Logger } from '../app/logging/logger.ts';
import {
  NativeNotificationDisplay,
  type NativeNotificationSurface,
} from '../app/os/notifications/native-notification-display.ts';
import type { NotificationDisplay } from '../app/os/notifications/notification-display.ts';

/**
 * Electron's notifications and badge behind the host's NotificationDisplay port: pass the result as
 * `notifications` in the desktop shell's ShellParts (after `app` is ready). Service workers cannot show
 * notifications in Electron (its DisplayPersistentNotification is empty): the shim hands them to the host,
 * which shows them here. The logic lives in NativeNotificationDisplay, tested in plain Node.
 */
export function createElectronNotifications(logger: Logger): NotificationDisplay {
  const surface: NativeNotificationSurface = {
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    // Linux: the Unity LauncherEntry signal for the .desktop named by app.setDesktopName; macOS: the dock.
    setBadgeCount: (count) => app.setBadgeCount(count),
    iconFormats: nativeImageFormats(process.platform),
  };
  return new NativeNotificationDisplay(surface, logger);
}
