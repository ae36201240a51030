import type { AppBadge, AppRecord } from '../../store/records.ts';

/** One notification as the OS should show it: everything resolved to what a notification server takes. */
export interface DisplayRequest {
  /** Who it is from: the app's name, or "PWA Host" for the host's own. */
  appName: string;
  /** The app's saved icon on this machine, if it has a usable one. */
  iconPath: string | undefined;
  /** The app it is from; null for the host's own (failure alerts). */
  appId: string | null;
  title: string;
  body: string;
  /** The display id of an earlier notification this one replaces (same app and tag). */
  replaces: string | undefined;
  silent: boolean;
  /** Stay until the person acts on it. */
  requireInteraction: boolean;
  /** Buttons: `key` comes back in `onClick` when one is pressed. */
  actions: { key: string; title: string }[];
}

/** How a notification left the screen, as the OS reports it. */
export type DisplayCloseReason = 'dismissed' | 'expired' | 'closed';

/**
 * Where the host shows notifications and badges: the freedesktop notification service on Linux
 * (`app/os/notifications/freedesktop-display.ts`), Electron's Notification in the desktop shell
 * (`main/electron-notifications.ts`). Implementations report clicks and dismissals by display id.
 */
export interface NotificationDisplay {
  /** For logs and `status`, e.g. "freedesktop". */
  readonly name: string;
  /**
   * The icon files it shows, by extension, best first (for `bestSavedIcon`); absent: what a launcher's Icon
   * key takes (`LAUNCHER_ICON_FORMATS`), as freedesktop notification servers read the same files.
   */
  readonly iconFormats?: Readonly<Record<string, number>>;
  /** Shows a notification; resolves with its display id. Rejects when no notification can be shown. */
  show(request: DisplayRequest): Promise<string>;
  /** Takes a notification off the screen (the app or the host closed it). */
  close(displayId: string): Promise<void>;
  /** Shows `app`'s badge; `total` is the sum over every app, for a shell with one badge for all. */
  setBadge(app: AppRecord, badge: AppBadge, total: number): Promise<void>;
  /** `action`: the key of the button pressed, or '' for the notification itself. Returns the undo. */
  onClick(listener: (displayId: string, action: string) => void): () => void;
  onClose(listener: (displayId: string, reason: DisplayCloseReason) => void): () => void;
  /** Stops listening to the OS. */
  dispose(): void;
}

/** What a display reports about the notifications it shows (its onClick/onClose). */
export interface DisplayEvents {
  click: { displayId: string; action: string };
  close: { displayId: string; reason: DisplayCloseReason };
}
