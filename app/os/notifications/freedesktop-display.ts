import { type ChildProcess, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { TypedEmitter } from '../../base/typed-emitter.ts';
import type { Logger } from '../../logging/logger.ts';
import type { AppBadge, AppRecord } from '../../store/records.ts';
import { type CommandRunner, describeFailure, execFileRunner } from '../command-runner.ts';
import {
  askNotificationService,
  NOTIFICATIONS_OBJECT,
  NOTIFICATIONS_SERVICE,
  notificationsCall,
} from './freedesktop-service.ts';
import { gvInt32, gvString, gvStringArray, gvUint32, gvVardict } from './gvariant-text.ts';
import type {
  DisplayAvailability,
  DisplayCloseReason,
  DisplayEvents,
  DisplayRequest,
  NotificationDisplay,
} from './notification-display.ts';

/** NotificationClosed's reason codes (Desktop Notifications Specification 1.2). */
const CLOSE_REASONS: Record<string, DisplayCloseReason> = { '1': 'expired', '2': 'dismissed', '3': 'closed' };

// The action keys are the host's own ("default", "a0", "a1"): an app's action names never reach the bus,
// so the signal lines can be read without parsing arbitrary strings.
const ACTION_INVOKED =
  /^\S+: org\.freedesktop\.Notifications\.ActionInvoked \(uint32 (\d+), '(default|a\d)'\)$/;
const NOTIFICATION_CLOSED =
  /^\S+: org\.freedesktop\.Notifications\.NotificationClosed \(uint32 (\d+), uint32 (\d+)\)$/;

/** A monitor that exits within this long of its start found no session bus to watch. */
const MONITOR_STARTUP_MS = 5000;

export interface FreedesktopDisplayOptions {
  logger: Logger;
  /** The environment gdbus runs in: DBUS_SESSION_BUS_ADDRESS picks the session bus. */
  env?: NodeJS.ProcessEnv;
  run?: CommandRunner;
  /** The file name of an app's launcher ("pwa-host-news.desktop"): badges and notifications name it. */
  desktopEntryOf: (appId: string) => string;
}

/**
 * Notifications through the freedesktop notification service on the session bus, and badges as Unity
 * LauncherEntry signals (read by GNOME's Dash to Dock, KDE Plasma's task manager and others). Talks to the
 * bus through the system's `gdbus` (GLib's, present wherever GLib is): `gdbus call` for the methods,
 * `gdbus emit` for the badge signal, and one long-running `gdbus monitor` for clicks and dismissals.
 */
export class FreedesktopDisplay implements NotificationDisplay {
  readonly name = 'freedesktop';
  readonly #logger: Logger;
  readonly #env: NodeJS.ProcessEnv;
  readonly #run: CommandRunner;
  readonly #desktopEntryOf: (appId: string) => string;
  readonly #monitor: ChildProcess;
  readonly #events: TypedEmitter<DisplayEvents>;
  #capabilities: Promise<Set<string>> | undefined;
  #disposed = false;
  /** Each app's latest badge signal: the next waits for it, so the last badge set is the last one sent. */
  readonly #badgeSignals = new Map<string, Promise<void>>();

  constructor(options: FreedesktopDisplayOptions) {
    this.#logger = options.logger;
    this.#events = new TypedEmitter<DisplayEvents>((error, event) =>
      this.#logger.warn({ err: error, event }, 'a notification listener failed'),
    );
    this.#env = options.env ?? process.env;
    this.#run = options.run ?? execFileRunner;
    this.#desktopEntryOf = options.desktopEntryOf;
    // Started before anything is shown, so no click can come before someone listens for it.
    const watched = ['--dest', NOTIFICATIONS_SERVICE, '--object-path', NOTIFICATIONS_OBJECT];
    this.#monitor = spawn('gdbus', ['monitor', '--session', ...watched], {
      env: this.#env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#monitor.once('error', (error) =>
      this.#logger.warn(
        { err: error },
        'gdbus monitor did not start, so clicks on notifications are not received',
      ),
    );
    const startedAt = Date.now();
    this.#monitor.once('exit', (code) => {
      if (this.#disposed) return;
      // One that ends at once found no session bus: then nothing is shown either, which status says.
      const atOnce = Date.now() - startedAt < MONITOR_STARTUP_MS;
      this.#logger[atOnce ? 'info' : 'warn'](
        { code },
        'gdbus monitor exited, so clicks on notifications are no longer received',
      );
    });
    this.#monitor.unref();
    const stdout = this.#monitor.stdout as NodeJS.ReadableStream & { unref?: () => void };
    stdout.unref?.();
    createInterface({ input: stdout }).on('line', (line) => this.#onSignal(line));
  }

  #onSignal(line: string): void {
    const action = ACTION_INVOKED.exec(line);
    if (action) {
      const [, id = '', key = ''] = action;
      this.#events.emit('click', { displayId: id, action: key === 'default' ? '' : key });
      return;
    }
    const closed = NOTIFICATION_CLOSED.exec(line);
    if (closed) {
      const [, id = '', code = ''] = closed;
      this.#events.emit('close', { displayId: id, reason: CLOSE_REASONS[code] ?? 'closed' });
    }
  }

  probe(): Promise<DisplayAvailability> {
    return askNotificationService(this.#run, this.#env);
  }

  async #call(method: string, args: string[]): Promise<string> {
    const result = await this.#run('gdbus', notificationsCall(method, args), this.#env);
    if (result.exitCode !== 0) throw new Error(describeFailure('gdbus', ['call', method], result));
    return result.stdout;
  }

  /** GetCapabilities, asked once: "actions", "body", "body-markup", "persistence"… */
  capabilities(): Promise<Set<string>> {
    this.#capabilities ??= this.#call('GetCapabilities', []).then(
      (out) => new Set([...out.matchAll(/'([^'\\]*)'/g)].map((match) => match[1] ?? '')),
      (error: unknown) => {
        this.#capabilities = undefined;
        throw error;
      },
    );
    return this.#capabilities;
  }

  async show(request: DisplayRequest): Promise<string> {
    const capabilities = await this.capabilities();
    const actions = capabilities.has('actions')
      ? ['default', 'Open', ...request.actions.flatMap((action) => [action.key, action.title])]
      : [];
    const hints: Record<string, string> = {};
    if (request.silent) hints['suppress-sound'] = 'true';
    if (request.requireInteraction) hints.urgency = 'byte 2';
    if (request.appId !== null)
      hints['desktop-entry'] = gvString(this.#desktopEntryOf(request.appId).replace(/\.desktop$/, ''));
    const body = capabilities.has('body-markup') ? escapeMarkup(request.body) : request.body;
    const out = await this.#call('Notify', [
      gvString(request.appName),
      gvUint32(request.replaces === undefined ? 0 : Number(request.replaces)),
      gvString(request.iconPath ? pathToFileURL(request.iconPath).href : ''),
      gvString(request.title),
      gvString(capabilities.has('body') ? body : ''),
      gvStringArray(actions),
      gvVardict(hints),
      // requireInteraction: never expire; otherwise the server's default.
      gvInt32(request.requireInteraction ? 0 : -1),
    ]);
    const id = /\(uint32 (\d+),\)/.exec(out)?.[1];
    if (!id) throw new Error(`The notification service answered Notify with ${out.trim()}`);
    return id;
  }

  async close(displayId: string): Promise<void> {
    await this.#call('CloseNotification', [gvUint32(Number(displayId))]);
  }

  setBadge(app: AppRecord, badge: AppBadge): Promise<void> {
    const previous = this.#badgeSignals.get(app.id) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.#emitBadge(app, badge));
    this.#badgeSignals.set(app.id, next);
    void next
      .finally(() => {
        if (this.#badgeSignals.get(app.id) === next) this.#badgeSignals.delete(app.id);
      })
      .catch(() => {});
    return next;
  }

  async #emitBadge(app: AppRecord, badge: AppBadge): Promise<void> {
    const entry = this.#desktopEntryOf(app.id);
    const properties = {
      count: `int64 ${typeof badge === 'number' ? badge : 0}`,
      'count-visible': typeof badge === 'number' ? 'true' : 'false',
      // A badge without a number has no counterpart in LauncherEntry: it marks the launcher urgent.
      urgent: badge === 'flag' ? 'true' : 'false',
    };
    const args = [
      'emit',
      '--session',
      '--object-path',
      `/com/canonical/unity/launcherentry/${app.id.replace(/[^A-Za-z0-9_]/g, '_')}`,
      '--signal',
      'com.canonical.Unity.LauncherEntry.Update',
      gvString(`application://${basename(entry)}`),
      gvVardict(properties),
    ];
    const result = await this.#run('gdbus', args, this.#env);
    if (result.exitCode !== 0)
      throw new Error(describeFailure('gdbus', ['emit', 'LauncherEntry.Update'], result));
  }

  onClick(listener: (displayId: string, action: string) => void): () => void {
    return this.#events.on('click', ({ displayId, action }) => listener(displayId, action));
  }

  onClose(listener: (displayId: string, reason: DisplayCloseReason) => void): () => void {
    return this.#events.on('close', ({ displayId, reason }) => listener(displayId, reason));
  }

  dispose(): void {
    this.#disposed = true;
    this.#events.clear();
    this.#monitor.kill();
  }
}

/** Servers with "body-markup" read the body as a small HTML subset: an app's text is text, not markup. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
