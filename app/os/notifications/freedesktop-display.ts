import { type ChildProcess, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { TypedEmitter } from '../../base/typed-emitter.ts';
import type { Logger } from '../../logging/logger.ts';
import type { AppBadge, AppRecord } from '../../store/records.ts';
import { type CommandRunner, describeFailure, execFileRunner } from '../command-runner.ts';
import { commandDyingWithHost } from '../dies-with-host.ts';
import { gvInt32, gvString, gvStringArray, gvUint32, gvVardict } from './gvariant-text.ts';
import type {
  DisplayCloseReason,
  DisplayEvents,
  DisplayRequest,
  NotificationDisplay,
} from './notification-display.ts';

const SERVICE = 'org.freedesktop.Notifications';
const OBJECT = '/org/freedesktop/Notifications';
const CALL_TIMEOUT_S = '5';

/** NotificationClosed's reason codes (Desktop Notifications Specification 1.2). */
const CLOSE_REASONS: Record<string, DisplayCloseReason> = { '1': 'expired', '2': 'dismissed', '3': 'closed' };

// The action keys are the host's own ("default", "a0", "a1"): an app's action names never reach the bus,
// so the signal lines can be read without parsing arbitrary strings.
const ACTION_INVOKED =
  /^\S+: org\.freedesktop\.Notifications\.ActionInvoked \(uint32 (\d+), '(default|a\d)'\)$/;
const NOTIFICATION_CLOSED =
  /^\S+: org\.freedesktop\.Notifications\.NotificationClosed \(uint32 (\d+), uint32 (\d+)\)$/;
/** gdbus monitor's line when the service's name gets a new owner or loses it (a server restart). */
const OWNER_CHANGED = /^The name org\.freedesktop\.Notifications (is owned by \S+|does not have an owner)$/;

/**
 * The longest title or body shown, in code points. Each becomes at most 6 bytes of a gdbus argument (an
 * escape such as \u0001, or &amp;), and Linux refuses a program argument over 128 KiB (MAX_ARG_STRLEN): a
 * longer text is shown cut, with an ellipsis, instead of not at all.
 */
const MAX_SHOWN_CODE_POINTS = 16_384;

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
  /**
   * Per app, the badge signal under way and the latest badge asked for meanwhile: that one is sent next,
   * and those it replaced never are (a loop of 3,000 calls sends two signals, the last one last).
   */
  readonly #badgeSignals = new Map<string, { next: BadgeSignal | undefined; sent: Promise<void> }>();

  constructor(options: FreedesktopDisplayOptions) {
    this.#logger = options.logger;
    this.#events = new TypedEmitter<DisplayEvents>((error, event) =>
      this.#logger.warn({ err: error, event }, 'a notification listener failed'),
    );
    this.#env = options.env ?? process.env;
    this.#run = options.run ?? execFileRunner;
    this.#desktopEntryOf = options.desktopEntryOf;
    // Started before anything is shown, so no click can come before someone listens for it; it dies with
    // the host even when the host is killed outright.
    const monitor = commandDyingWithHost('gdbus', [
      'monitor',
      '--session',
      '--dest',
      SERVICE,
      '--object-path',
      OBJECT,
    ]);
    this.#monitor = spawn(monitor.file, monitor.args, {
      env: this.#env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#monitor.once('error', (error) =>
      this.#logger.warn({ err: error }, 'gdbus monitor did not start: notification clicks are not received'),
    );
    this.#monitor.once('exit', (code) => {
      if (!this.#disposed)
        this.#logger.warn({ code }, 'gdbus monitor exited: notification clicks are no longer received');
    });
    this.#monitor.unref();
    const stdout = this.#monitor.stdout as NodeJS.ReadableStream & { unref?: () => void };
    stdout.unref?.();
    createInterface({ input: stdout }).on('line', (line) => this.#onSignal(line));
  }

  #onSignal(line: string): void {
    // Another server (or none) now: what the last one could do says nothing about this one.
    if (OWNER_CHANGED.test(line)) {
      this.#capabilities = undefined;
      return;
    }
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

  async #call(method: string, args: string[]): Promise<string> {
    const argv = [
      'call',
      '--session',
      '--timeout',
      CALL_TIMEOUT_S,
      '--dest',
      SERVICE,
      '--object-path',
      OBJECT,
      '--method',
      `${SERVICE}.${method}`,
      ...args,
    ];
    const result = await this.#run('gdbus', argv, this.#env);
    if (result.exitCode !== 0) throw new Error(describeFailure('gdbus', ['call', method], result));
    return result.stdout;
  }

  /** GetCapabilities, asked again whenever the service changes hands: "actions", "body", "body-markup"… */
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
    const text = shownText(request.body);
    const body = capabilities.has('body-markup') ? escapeMarkup(text) : text;
    const out = await this.#call('Notify', [
      gvString(request.appName),
      gvUint32(request.replaces === undefined ? 0 : Number(request.replaces)),
      gvString(request.iconPath ? pathToFileURL(request.iconPath).href : ''),
      gvString(shownText(request.title)),
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
    const underWay = this.#badgeSignals.get(app.id);
    if (underWay) {
      underWay.next = { app, badge };
      return underWay.sent;
    }
    const signals: { next: BadgeSignal | undefined; sent: Promise<void> } = {
      next: { app, badge },
      sent: Promise.resolve(),
    };
    this.#badgeSignals.set(app.id, signals);
    signals.sent = (async () => {
      let failure: unknown;
      for (let signal = signals.next; signal; signal = signals.next) {
        signals.next = undefined;
        try {
          await this.#emitBadge(signal.app, signal.badge);
          failure = undefined;
        } catch (error) {
          failure = error;
        }
      }
      this.#badgeSignals.delete(app.id);
      // Only the last badge's failure counts: an earlier one was replaced.
      if (failure !== undefined) throw failure;
    })();
    return signals.sent;
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

interface BadgeSignal {
  app: AppRecord;
  badge: AppBadge;
}

/**
 * A title or body as a notification server can take it: D-Bus strings cannot hold NUL (shown as U+FFFD),
 * and a text longer than MAX_SHOWN_CODE_POINTS is cut with an ellipsis.
 */
function shownText(text: string): string {
  const withoutNul = text.replaceAll('\u0000', '\ufffd');
  if (withoutNul.length <= MAX_SHOWN_CODE_POINTS) return withoutNul;
  const points = [...withoutNul];
  if (points.length <= MAX_SHOWN_CODE_POINTS) return withoutNul;
  return `${points.slice(0, MAX_SHOWN_CODE_POINTS - 1).join('')}\u2026`;
}

/** Servers with "body-markup" read the body as a small HTML subset: an app's text is text, not markup. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
