import { TypedEmitter } from '../base/typed-emitter.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type { ConnectivityEvents, ConnectivitySource } from './connectivity.ts';
import { hasLinuxDefaultRoute } from './linux-default-route.ts';
import { IP_MONITOR_COMMAND, type RouteMonitor, startRouteMonitor } from './route-monitor.ts';

export interface LinuxRouteConnectivityOptions {
  logger?: Logger;
  /** Reads whether the OS is online; the default reads /proc/net/*route and sysfs. */
  probe?: () => boolean;
  /** The change listener to run; the default is `ip -o monitor link address route`. */
  monitorCommand?: readonly string[];
  /** One netlink event (a cable plugged in) arrives as a burst of lines: re-check once per burst. */
  debounceMs?: number;
  /** How often to re-check while offline when the monitor is unavailable. */
  recheckWhileOfflineMs?: number;
}

/**
 * Online while a default route leaves through a non-loopback interface that is up, followed as the kernel
 * reports changes: while someone listens, an `ip monitor` child (rtnetlink) reports every link, address and
 * route change and the table is re-read then, so nothing runs while nothing changes. Without that child
 * (`ip` missing, or it exited) the table is read whenever the core asks and, only while offline, on a slow
 * timer, as NetworkInterfacesConnectivity does.
 */
export class LinuxRouteConnectivity implements ConnectivitySource {
  readonly #events: TypedEmitter<ConnectivityEvents>;
  readonly #logger: Logger;
  readonly #probe: () => boolean;
  readonly #monitorCommand: readonly string[];
  readonly #debounceMs: number;
  readonly #recheckWhileOfflineMs: number;
  #online: boolean;
  #monitor: RouteMonitor | undefined;
  /** Set once the monitor failed: this source then stays on the fallback rather than respawning a broken command. */
  #monitorUnavailable = false;
  #debounce: NodeJS.Timeout | undefined;
  #recheck: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LinuxRouteConnectivityOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    this.#events = new TypedEmitter((error) =>
      this.#logger.error({ error: String(error) }, 'connectivity: a listener failed'),
    );
    this.#probe = options.probe ?? hasLinuxDefaultRoute;
    this.#monitorCommand = options.monitorCommand ?? IP_MONITOR_COMMAND;
    this.#debounceMs = options.debounceMs ?? 100;
    this.#recheckWhileOfflineMs = options.recheckWhileOfflineMs ?? 2000;
    // A routing table this code cannot read must not silence the host for good: start online (events that
    // then fail are retried and recorded) and say why in the log.
    this.#online = this.#read() ?? true;
  }

  /** The monitor child's pid while one runs (for logs and tests). */
  get monitorPid(): number | undefined {
    return this.#monitor?.pid;
  }

  isOnline(): boolean {
    // With the monitor running the cached state is current; otherwise nothing would have told us.
    if (!this.#monitor) this.#update(this.#read());
    return this.#online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    if (this.#closed) throw new Error('This connectivity source is closed.');
    const unsubscribe = this.#events.on('change', listener);
    if (this.#events.listenerCount('change') === 1) this.#startFollowing();
    let subscribed = true;
    return () => {
      if (!subscribed || this.#closed) return;
      subscribed = false;
      unsubscribe();
      if (this.#events.listenerCount('change') === 0) this.#stopFollowing();
    };
  }

  close(): void {
    this.#closed = true;
    this.#events.clear();
    this.#stopFollowing();
  }

  #startFollowing(): void {
    if (!this.#monitorUnavailable) {
      try {
        this.#monitor = startRouteMonitor(this.#monitorCommand, {
          onChange: () => this.#recheckSoon(),
          onFailure: (reason) => this.#monitorFailed(reason),
        });
        this.#logger.debug({ pid: this.#monitor.pid }, 'connectivity: following route changes');
      } catch (error) {
        this.#monitorFailed(error instanceof Error ? error.message : String(error));
      }
    }
    // Read now, and once more after the monitor had time to bind its socket, so a change in between is seen.
    this.#update(this.#read());
    this.#recheckSoon();
    this.#watchWhileOffline();
  }

  #stopFollowing(): void {
    this.#monitor?.stop();
    this.#monitor = undefined;
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
    this.#watchWhileOffline();
  }

  #monitorFailed(reason: string): void {
    this.#monitor = undefined;
    this.#monitorUnavailable = true;
    this.#logger.warn(
      { reason, recheckWhileOfflineMs: this.#recheckWhileOfflineMs },
      'connectivity: cannot follow route changes; re-checking the routing table on a timer while offline',
    );
    this.#update(this.#read());
    this.#watchWhileOffline();
  }

  #recheckSoon(): void {
    if (this.#debounce) return; // a burst: the timer already set reads the table once at its end
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.#update(this.#read());
    }, this.#debounceMs);
    this.#debounce.unref();
  }

  /** The OS state, or undefined (and an error logged) when the routing table cannot be read. */
  #read(): boolean | undefined {
    try {
      return this.#probe();
    } catch (error) {
      this.#logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        'connectivity: cannot read the routing table; keeping the last known state',
      );
      return undefined;
    }
  }

  #update(online: boolean | undefined): void {
    if (online === undefined || online === this.#online) return;
    this.#online = online;
    this.#watchWhileOffline();
    this.#events.emit('change', online);
  }

  #watchWhileOffline(): void {
    const shouldWatch = this.#monitorUnavailable && !this.#online && this.#events.listenerCount('change') > 0;
    if (shouldWatch && !this.#recheck) {
      this.#recheck = setInterval(() => this.#update(this.#read()), this.#recheckWhileOfflineMs);
      this.#recheck.unref();
    } else if (!shouldWatch && this.#recheck) {
      clearInterval(this.#recheck);
      this.#recheck = undefined;
    }
  }
}
