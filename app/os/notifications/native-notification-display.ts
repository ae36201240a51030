import { TypedEmitter } from '../../base/typed-emitter.ts';
import type { Logger } from '../../logging/logger.ts';
import type { AppBadge, AppRecord } from '../../store/records.ts';
import type {
  DisplayCloseReason,
  DisplayEvents,
  DisplayRequest,
  NotificationDisplay,
} from './notification-display.ts';

/** What a shell's native notification object can do: Electron's `Notification` has this shape. */
export interface NativeNotification {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'action', listener: (details: { actionIndex: number }) => void): unknown;
  on(event: 'close', listener: (details: { reason?: NativeCloseReason }) => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

/** Electron's close reasons (macOS and Windows report them; elsewhere there may be none). */
export type NativeCloseReason = 'userCanceled' | 'applicationHidden' | 'timedOut';

export interface NativeNotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  /** An image file on this machine. */
  icon?: string;
  timeoutType: 'default' | 'never';
  urgency: 'normal' | 'critical';
  actions: { type: 'button'; text: string }[];
}

/** The shell's native notification API, as the desktop shell hands it over (see main/electron-notifications.ts). */
export interface NativeNotificationSurface {
  isSupported(): boolean;
  create(options: NativeNotificationOptions): NativeNotification;
  /** One badge for the whole app (dock, launcher): Electron's `app.setBadgeCount`; false where unsupported. */
  setBadgeCount(count: number): boolean;
  /** The icon files it decodes, by extension, best first: an icon in another format would show empty. */
  iconFormats: Readonly<Record<string, number>>;
}

/**
 * Notifications through a shell's native API (Electron's `Notification`), for the desktop shell. Electron
 * has one badge for the whole app: it shows the sum of every app's count, and 1 while any app shows a
 * badge without a number.
 */
export class NativeNotificationDisplay implements NotificationDisplay {
  readonly name = 'native';
  readonly iconFormats: Readonly<Record<string, number>>;
  readonly #surface: NativeNotificationSurface;
  readonly #logger: Logger;
  readonly #shown = new Map<string, NativeNotification>();
  readonly #flagged = new Set<string>();
  readonly #events: TypedEmitter<DisplayEvents>;
  #nextId = 1;

  constructor(surface: NativeNotificationSurface, logger: Logger) {
    this.#surface = surface;
    this.iconFormats = surface.iconFormats;
    this.#logger = logger;
    this.#events = new TypedEmitter<DisplayEvents>((error, event) =>
      this.#logger.warn({ err: error, event }, 'a notification listener failed'),
    );
  }

  async show(request: DisplayRequest): Promise<string> {
    if (!this.#surface.isSupported()) throw new Error('This system shows no notifications.');
    // No native "replaces": the earlier one goes, quietly (no close event for the app), before the new one.
    if (request.replaces !== undefined) this.#takeDown(request.replaces);
    const id = String(this.#nextId++);
    const notification = this.#surface.create({
      title: request.title,
      body: request.body,
      silent: request.silent,
      ...(request.iconPath ? { icon: request.iconPath } : {}),
      timeoutType: request.requireInteraction ? 'never' : 'default',
      urgency: request.requireInteraction ? 'critical' : 'normal',
      actions: request.actions.map((action) => ({ type: 'button', text: action.title })),
    });
    notification.on('click', () => this.#clicked(id, ''));
    notification.on('action', (details) =>
      this.#clicked(id, request.actions[details.actionIndex]?.key ?? ''),
    );
    notification.on('close', (details) => {
      if (!this.#shown.delete(id)) return;
      const reason: DisplayCloseReason =
        details.reason === 'userCanceled'
          ? 'dismissed'
          : details.reason === 'timedOut'
            ? 'expired'
            : 'closed';
      this.#events.emit('close', { displayId: id, reason });
    });
    notification.on('failed', (_event, error) => {
      this.#shown.delete(id);
      this.#logger.warn({ error }, 'a notification could not be shown');
    });
    this.#shown.set(id, notification);
    notification.show();
    return id;
  }

  #clicked(id: string, action: string): void {
    this.#events.emit('click', { displayId: id, action });
  }

  #takeDown(id: string): void {
    const notification = this.#shown.get(id);
    this.#shown.delete(id);
    notification?.close();
  }

  async close(displayId: string): Promise<void> {
    this.#takeDown(displayId);
  }

  async setBadge(app: AppRecord, badge: AppBadge, total: number): Promise<void> {
    if (badge === 'flag') this.#flagged.add(app.id);
    else this.#flagged.delete(app.id);
    const count = total > 0 ? total : this.#flagged.size > 0 ? 1 : 0;
    if (!this.#surface.setBadgeCount(count)) this.#logger.info({ count }, 'this system shows no app badge');
  }

  onClick(listener: (displayId: string, action: string) => void): () => void {
    return this.#events.on('click', ({ displayId, action }) => listener(displayId, action));
  }

  onClose(listener: (displayId: string, reason: DisplayCloseReason) => void): () => void {
    return this.#events.on('close', ({ displayId, reason }) => listener(displayId, reason));
  }

  dispose(): void {
    this.#events.clear();
    for (const id of [...this.#shown.keys()]) this.#takeDown(id);
  }
}
