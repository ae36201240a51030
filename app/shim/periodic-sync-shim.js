/**
 * The Periodic Background Sync API as PWA Host provides it, with its sibling one-off Background Sync
 * (`registration.sync`, `SyncEvent`), notifications and app badges (what a periodic sync usually exists
 * for), injected into every page and service worker of an installed app before their own scripts run. One file for every engine: it is serialised with
 * Function.prototype.toString (or handed over by Electron's contextBridge) and run with a transport, so
 * only the transport differs.
 *
 * `transport.send(message)` delivers a JSON-able message to the host; `transport.onMessage(handler)`
 * receives the host's replies and dispatched events. The shim adds no global beyond the API itself
 * (`PeriodicSyncManager` and `SyncManager`, and `PeriodicSyncEvent` and `SyncEvent` in workers, as Chromium
 * has them). The host never
 * trusts what this script says about who is calling: it identifies the frame or worker from its own view.
 *
 * Plain JavaScript on purpose: it runs in pages and workers, not in Node.
 */
export function installPeriodicSyncShim(transport) {
  const global = globalThis;
  // Installed once per global: a second injection finds the getter already replaced by this shim's
  // (Chromium's own is named "get periodicSync").
  if (
    typeof ServiceWorkerRegistration === 'function' &&
    Object.getOwnPropertyDescriptor(ServiceWorkerRegistration.prototype, 'periodicSync')?.get?.name ===
      'periodicSync'
  )
    return;

  const isServiceWorker =
    typeof ServiceWorkerGlobalScope === 'function' && global instanceof ServiceWorkerGlobalScope;
  const MAX_SAFE = Number.MAX_SAFE_INTEGER;
  /** The longest failure text an event reports (the run's error). */
  const MAX_ERROR_LENGTH = 8192;

  // ── calls to the host ─────────────────────────────────────────────────────────────────────────
  let nextCallId = 1;
  const pendingCalls = new Map();

  function callHost(method, params) {
    // A badge waiting for the budget is replaced, never overtaken by a later one sent first.
    if ((method === 'setBadge' && pendingBadge !== undefined) || !takeFromBudget())
      return overBudget(method, params);
    return sendCall(method, params);
  }

  function sendCall(method, params) {
    return new Promise((resolve, reject) => {
      const id = nextCallId++;
      pendingCalls.set(id, { resolve, reject });
      if (transport.send({ type: 'call', id, method, params })) return;
      // Too large to send: the host would never answer it.
      pendingCalls.delete(id);
      reject(tooLargeToSend(method));
    });
  }

  // ── the call budget: the host's, kept here too so a page that loops calls sends nothing ─────────
  const { burst, perSecond } = transport.callBudget;
  let budgetTokens = burst;
  let budgetAt = performance.now();
  let pendingBadge;
  let refusedAt = Number.NEGATIVE_INFINITY;

  function refill() {
    const now = performance.now();
    budgetTokens = Math.min(burst, budgetTokens + ((now - budgetAt) / 1000) * perSecond);
    budgetAt = now;
  }

  function takeFromBudget() {
    refill();
    if (budgetTokens < 1) return false;
    budgetTokens -= 1;
    return true;
  }

  /**
   * Over budget, a badge is kept and the latest is sent once the budget allows (a badge is state: the last
   * one set must win); other calls fail as the host would fail them.
   */
  function overBudget(method, params) {
    // The host logs the burst: told once, when it starts (the bucket had filled up since the last refusal).
    const now = performance.now();
    if (now - refusedAt > (burst / perSecond) * 1000) transport.send({ type: 'overBudget', method });
    refusedAt = now;
    if (method === 'setBadge') {
      const waiting = pendingBadge !== undefined;
      pendingBadge = params;
      if (!waiting) setTimeout(sendPendingBadge, ((1 - budgetTokens) / perSecond) * 1000);
      return Promise.resolve(null);
    }
    const message = `PWA Host refused ${method}: this page made too many calls at once. Try again in a moment.`;
    return Promise.reject(
      method === 'showNotification'
        ? new TypeError(message)
        : new DOMException(message, 'QuotaExceededError'),
    );
  }

  function sendPendingBadge() {
    if (!takeFromBudget()) {
      setTimeout(sendPendingBadge, ((1 - budgetTokens) / perSecond) * 1000);
      return;
    }
    const params = pendingBadge;
    pendingBadge = undefined;
    sendCall('setBadge', params).catch(() => {});
  }

  function tooLargeToSend(method) {
    // A tag that long is over the 10240 characters Chromium allows, and refused as Chromium refuses it.
    if (method === 'register' || method === 'syncRegister')
      return new DOMException(
        'Attempted to register a sync event without a window or registration tag too long.',
        'InvalidAccessError',
      );
    return new TypeError(`PWA Host refused ${method}: its data is too large (over 256 KiB).`);
  }

  function toError(error) {
    const name = error && typeof error.name === 'string' ? error.name : 'Error';
    const message = error && typeof error.message === 'string' ? error.message : String(error);
    if (name === 'TypeError') return new TypeError(message);
    return new DOMException(message, name);
  }

  // ── WebIDL conversions ────────────────────────────────────────────────────────────────────────
  function toDOMString(value) {
    if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    return String(value);
  }

  function toEnforcedUnsignedLongLong(value, what) {
    if (typeof value === 'bigint') throw new TypeError(`${what}: cannot convert a BigInt value to a number`);
    const number = Number(value);
    if (!Number.isFinite(number)) throw new TypeError(`${what} is not a finite number.`);
    const integer = Math.trunc(number) + 0;
    if (integer < 0 || integer > MAX_SAFE)
      throw new TypeError(`${what} is outside the range of unsigned long long.`);
    return integer;
  }

  function toPeriodicSyncOptions(options) {
    if (options === undefined || options === null) return { minInterval: 0 };
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw new TypeError(
        "Failed to execute 'register' on 'PeriodicSyncManager': The provided value is not of type 'BackgroundSyncOptions'.",
      );
    }
    const raw = options.minInterval;
    return {
      minInterval:
        raw === undefined
          ? 0
          : toEnforcedUnsignedLongLong(
              raw,
              "Failed to execute 'register' on 'PeriodicSyncManager': minInterval",
            ),
    };
  }

  function requireArguments(count, needed, method, type) {
    if (count < needed) {
      throw new TypeError(
        `Failed to execute '${method}' on '${type}': ${needed} argument required, but only ${count} present.`,
      );
    }
  }

  // ── PeriodicSyncManager ───────────────────────────────────────────────────────────────────────
  const constructing = Symbol('constructing');
  const registrationOf = new WeakMap();

  function registrationFor(manager, method) {
    const registration = registrationOf.get(manager);
    if (!registration)
      throw new TypeError(`Failed to execute '${method}' on 'PeriodicSyncManager': Illegal invocation`);
    return registration;
  }

  class PeriodicSyncManager {
    constructor(key, registration) {
      if (key !== constructing) throw new TypeError('Illegal constructor');
      registrationOf.set(this, registration);
    }

    register(tag, options) {
      try {
        const registration = registrationFor(this, 'register');
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 1, 'register', 'PeriodicSyncManager');
        const tagString = toDOMString(tag);
        const { minInterval } = toPeriodicSyncOptions(options);
        // A worker may register from its own install and activate handlers, before it is the active one.
        if (!registration.active && !isServiceWorker) {
          return Promise.reject(
            new DOMException('Registration failed - no active Service Worker', 'InvalidStateError'),
          );
        }
        return callHost('register', { scope: registration.scope, tag: tagString, minInterval }).then(
          () => undefined,
        );
      } catch (error) {
        return Promise.reject(error);
      }
    }

    getTags() {
      try {
        const registration = registrationFor(this, 'getTags');
        return callHost('getTags', { scope: registration.scope });
      } catch (error) {
        return Promise.reject(error);
      }
    }

    unregister(tag) {
      try {
        const registration = registrationFor(this, 'unregister');
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 1, 'unregister', 'PeriodicSyncManager');
        return callHost('unregister', { scope: registration.scope, tag: toDOMString(tag) }).then(
          () => undefined,
        );
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  Object.defineProperty(PeriodicSyncManager.prototype, Symbol.toStringTag, {
    value: 'PeriodicSyncManager',
    configurable: true,
  });
  Object.defineProperty(global, 'PeriodicSyncManager', {
    value: PeriodicSyncManager,
    writable: true,
    configurable: true,
    enumerable: false,
  });

  if (typeof ServiceWorkerRegistration === 'function') {
    const managers = new WeakMap();
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'periodicSync', {
      configurable: true,
      enumerable: true,
      get: function periodicSync() {
        if (!(this instanceof ServiceWorkerRegistration)) throw new TypeError('Illegal invocation');
        let manager = managers.get(this);
        if (!manager) {
          manager = new PeriodicSyncManager(constructing, this);
          managers.set(this, manager);
        }
        return manager;
      },
    });
    // The host keeps an app's periodic syncs until the app itself unregisters their worker: it learns of
    // that here, where the app does it, since the browser reports a lost worker the same way.
    const nativeUnregister = ServiceWorkerRegistration.prototype.unregister;
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'unregister', {
      configurable: true,
      writable: true,
      value: function unregister() {
        const scope = this instanceof ServiceWorkerRegistration ? this.scope : undefined;
        return nativeUnregister.call(this).then((unregistered) => {
          if (unregistered && scope) callHost('workerUnregistered', { scope }).catch(() => {});
          return unregistered;
        });
      },
    });
  }

  // ── SyncManager: one-off Background Sync, `registration.sync` ─────────────────────────────────
  const syncRegistrationOf = new WeakMap();

  function syncRegistrationFor(manager, method) {
    const registration = syncRegistrationOf.get(manager);
    if (!registration)
      throw new TypeError(`Failed to execute '${method}' on 'SyncManager': Illegal invocation`);
    return registration;
  }

  class SyncManager {
    constructor(key, registration) {
      if (key !== constructing) throw new TypeError('Illegal constructor');
      syncRegistrationOf.set(this, registration);
    }

    register(tag) {
      try {
        const registration = syncRegistrationFor(this, 'register');
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 1, 'register', 'SyncManager');
        const tagString = toDOMString(tag);
        // Blink's SyncManager checks the active worker in pages and workers alike (a worker's own install
        // handler has none yet; its activate handler has: it is the active worker then).
        if (!registration.active) {
          return Promise.reject(
            new DOMException('Registration failed - no active Service Worker', 'InvalidStateError'),
          );
        }
        return callHost('syncRegister', { scope: registration.scope, tag: tagString }).then(() => undefined);
      } catch (error) {
        return Promise.reject(error);
      }
    }

    getTags() {
      try {
        const registration = syncRegistrationFor(this, 'getTags');
        return callHost('syncGetTags', { scope: registration.scope });
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  Object.defineProperty(SyncManager.prototype, Symbol.toStringTag, {
    value: 'SyncManager',
    configurable: true,
  });
  Object.defineProperty(global, 'SyncManager', {
    value: SyncManager,
    writable: true,
    configurable: true,
    enumerable: false,
  });

  if (typeof ServiceWorkerRegistration === 'function') {
    const managers = new WeakMap();
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', {
      configurable: true,
      enumerable: true,
      get: function sync() {
        if (!(this instanceof ServiceWorkerRegistration)) throw new TypeError('Illegal invocation');
        let manager = managers.get(this);
        if (!manager) {
          manager = new SyncManager(constructing, this);
          managers.set(this, manager);
        }
        return manager;
      },
    });
  }

  // ── Notifications: shown by the host as OS notifications ──────────────────────────────────────
  // What Notification.permission says before the host's first answer (it arrives right after 'ready').
  let notificationPermission = 'default';
  const NativeNotification = typeof Notification === 'function' ? Notification : undefined;
  const baseURL = () => (typeof document === 'object' ? document.baseURI : global.location.href);
  const MAX_ACTIONS = 2;

  function rememberPermission(state) {
    notificationPermission = state;
    return state;
  }

  function toAbsoluteURL(value) {
    if (value === undefined) return '';
    const text = toDOMString(value);
    if (text === '') return '';
    const url = URL.parse(text, baseURL());
    return url ? url.href : '';
  }

  function toBoolean(value) {
    return Boolean(value);
  }

  /** NotificationOptions (WebIDL) → what the host records; throws what Chromium throws. */
  function toNotificationOptions(options, persistent, method, type) {
    const raw = options === undefined || options === null ? {} : options;
    if (typeof raw !== 'object' && typeof raw !== 'function') {
      throw new TypeError(
        `Failed to execute '${method}' on '${type}': The provided value is not of type 'NotificationOptions'.`,
      );
    }
    const dir = raw.dir === undefined ? 'auto' : toDOMString(raw.dir);
    if (!['auto', 'ltr', 'rtl'].includes(dir)) {
      throw new TypeError(
        `Failed to execute '${method}' on '${type}': The provided value '${dir}' is not a valid enum value of type NotificationDirection.`,
      );
    }
    const tag = raw.tag === undefined ? '' : toDOMString(raw.tag);
    const renotify = toBoolean(raw.renotify);
    if (renotify && tag === '') {
      throw new TypeError(
        `Failed to execute '${method}' on '${type}': Notifications which set the renotify flag must specify a non-empty tag.`,
      );
    }
    const silent = toBoolean(raw.silent);
    const actions = [];
    if (raw.actions !== undefined && raw.actions !== null) {
      if (typeof raw.actions[Symbol.iterator] !== 'function') {
        throw new TypeError(
          `Failed to execute '${method}' on '${type}': The provided value cannot be converted to a sequence.`,
        );
      }
      for (const entry of raw.actions) {
        if (
          entry === null ||
          typeof entry !== 'object' ||
          entry.action === undefined ||
          entry.title === undefined
        ) {
          throw new TypeError(
            `Failed to execute '${method}' on '${type}': required member action or title is undefined.`,
          );
        }
        actions.push({
          action: toDOMString(entry.action),
          title: toDOMString(entry.title),
          icon: toAbsoluteURL(entry.icon),
        });
      }
    }
    if (!persistent && actions.length > 0) {
      throw new TypeError(
        `Failed to construct 'Notification': Actions are only supported for persistent notifications shown using ServiceWorkerRegistration.showNotification().`,
      );
    }
    let data = null;
    if (raw.data !== undefined && raw.data !== null) {
      try {
        data = JSON.stringify(raw.data) ?? null;
      } catch {
        throw new DOMException(
          `Failed to execute '${method}' on '${type}': The data could not be cloned.`,
          'DataCloneError',
        );
      }
    }
    const timestamp =
      raw.timestamp === undefined ? Date.now() : toEnforcedUnsignedLongLong(raw.timestamp, 'timestamp');
    return {
      body: raw.body === undefined ? '' : toDOMString(raw.body),
      tag,
      icon: toAbsoluteURL(raw.icon),
      image: toAbsoluteURL(raw.image),
      badge: toAbsoluteURL(raw.badge),
      lang: raw.lang === undefined ? '' : toDOMString(raw.lang),
      dir,
      silent,
      requireInteraction: toBoolean(raw.requireInteraction),
      renotify,
      timestamp,
      data,
      actions: actions.slice(0, MAX_ACTIONS),
    };
  }

  const notificationIds = new WeakMap();

  /** A Notification as getNotifications() and event.notification give it: the recorded values. */
  function recordedNotification(snapshot) {
    const prototype = (PageNotification ?? NativeNotification)?.prototype ?? Object.prototype;
    const notification = Object.create(prototype);
    for (const [name, value] of Object.entries(notificationFields(snapshot))) {
      Object.defineProperty(notification, name, { value, enumerable: true });
    }
    Object.defineProperty(notification, 'close', {
      value: function close() {
        void callHost('closeNotification', { id: snapshot.id }).catch(() => {});
      },
    });
    notificationIds.set(notification, snapshot.id);
    return notification;
  }

  function notificationFields(snapshot) {
    const { options } = snapshot;
    let data = null;
    try {
      data = options.data === null ? null : JSON.parse(options.data);
    } catch {}
    return {
      title: snapshot.title,
      dir: options.dir,
      lang: options.lang,
      body: options.body,
      tag: options.tag,
      icon: options.icon,
      image: options.image,
      badge: options.badge,
      timestamp: options.timestamp,
      renotify: options.renotify,
      silent: options.silent,
      requireInteraction: options.requireInteraction,
      data,
      actions: Object.freeze(options.actions.map((action) => Object.freeze({ ...action }))),
    };
  }

  if (typeof ServiceWorkerRegistration === 'function') {
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'showNotification', {
      configurable: true,
      writable: true,
      value: function showNotification(title, options) {
        try {
          if (!(this instanceof ServiceWorkerRegistration)) throw new TypeError('Illegal invocation');
          // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
          requireArguments(arguments.length, 1, 'showNotification', 'ServiceWorkerRegistration');
          const converted = toNotificationOptions(
            options,
            true,
            'showNotification',
            'ServiceWorkerRegistration',
          );
          if (!this.active && !isServiceWorker) {
            return Promise.reject(
              new TypeError(
                "Failed to execute 'showNotification' on 'ServiceWorkerRegistration': No active registration available on the ServiceWorkerRegistration.",
              ),
            );
          }
          return callHost('showNotification', {
            scope: this.scope,
            title: toDOMString(title),
            options: converted,
          }).then(() => undefined);
        } catch (error) {
          return Promise.reject(error);
        }
      },
    });
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'getNotifications', {
      configurable: true,
      writable: true,
      value: function getNotifications(filter) {
        try {
          if (!(this instanceof ServiceWorkerRegistration)) throw new TypeError('Illegal invocation');
          const tag = filter && filter.tag !== undefined ? toDOMString(filter.tag) : '';
          return callHost('getNotifications', { scope: this.scope, tag }).then((list) =>
            list.map(recordedNotification),
          );
        } catch (error) {
          return Promise.reject(error);
        }
      },
    });
  }

  // In pages: `new Notification(...)`, a notification that lives as long as its page.
  const pageNotifications = new Map();
  let PageNotification;
  if (!isServiceWorker && typeof EventTarget === 'function' && typeof document === 'object') {
    const handlers = new WeakMap();
    PageNotification = class Notification extends EventTarget {
      constructor(title, options) {
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 1, 'construct', 'Notification');
        const converted = toNotificationOptions(options, false, 'construct', 'Notification');
        super();
        handlers.set(this, {});
        const snapshot = { id: 0, title: toDOMString(title), options: converted };
        for (const [name, value] of Object.entries(notificationFields(snapshot))) {
          Object.defineProperty(this, name, { value, enumerable: true });
        }
        callHost('showNotification', { scope: null, title: snapshot.title, options: converted }).then(
          (result) => {
            notificationIds.set(this, result.id);
            pageNotifications.set(result.id, this);
            if (result.shown) this.dispatchEvent(new Event('show'));
            else this.dispatchEvent(new Event('error'));
          },
          () => this.dispatchEvent(new Event('error')),
        );
      }

      close() {
        const id = notificationIds.get(this);
        if (id !== undefined) void callHost('closeNotification', { id }).catch(() => {});
      }

      static get permission() {
        return notificationPermission;
      }

      static get maxActions() {
        return MAX_ACTIONS;
      }

      static requestPermission(callback) {
        return callHost('notificationPermission', {}).then((state) => {
          rememberPermission(state);
          if (typeof callback === 'function') callback(state);
          return state;
        });
      }
    };
    for (const type of ['click', 'show', 'error', 'close']) {
      Object.defineProperty(PageNotification.prototype, `on${type}`, {
        configurable: true,
        enumerable: true,
        get() {
          return handlers.get(this)?.[type] ?? null;
        },
        set(value) {
          const own = handlers.get(this);
          if (!own) throw new TypeError('Illegal invocation');
          if (!(type in own)) this.addEventListener(type, (event) => own[type]?.call(this, event));
          own[type] = typeof value === 'function' ? value : null;
        },
      });
    }
    Object.defineProperty(global, 'Notification', {
      value: PageNotification,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  } else if (NativeNotification) {
    // Workers cannot construct notifications, but can read the permission.
    Object.defineProperty(NativeNotification, 'permission', {
      configurable: true,
      get: () => notificationPermission,
    });
  }

  function receiveNotificationEvent(message) {
    if (isServiceWorker) {
      const event = makeNotificationEvent(
        message.kind,
        recordedNotification(message.notification),
        message.action,
      );
      dispatchExtendable(message.id, event);
      return;
    }
    const notification = pageNotifications.get(message.notification.id);
    if (!notification) return;
    if (message.kind === 'notificationclose') pageNotifications.delete(message.notification.id);
    notification.dispatchEvent(new Event(message.kind === 'notificationclick' ? 'click' : 'close'));
  }

  // ── Badges: navigator.setAppBadge / clearAppBadge in pages and workers ─────────────────────────
  const navigatorType = isServiceWorker ? global.WorkerNavigator : global.Navigator;
  if (typeof navigatorType === 'function') {
    const typeName = isServiceWorker ? 'WorkerNavigator' : 'Navigator';
    Object.defineProperty(navigatorType.prototype, 'setAppBadge', {
      configurable: true,
      writable: true,
      value: function setAppBadge(contents) {
        try {
          const count =
            contents === undefined
              ? 'flag'
              : toEnforcedUnsignedLongLong(
                  contents,
                  `Failed to execute 'setAppBadge' on '${typeName}': Value`,
                );
          return callHost('setBadge', { badge: count === 0 ? null : count }).then(() => undefined);
        } catch (error) {
          return Promise.reject(error);
        }
      },
    });
    Object.defineProperty(navigatorType.prototype, 'clearAppBadge', {
      configurable: true,
      writable: true,
      value: function clearAppBadge() {
        return callHost('setBadge', { badge: null }).then(() => undefined);
      },
    });
  }

  // ── navigator.permissions.query({name: 'periodic-background-sync' | 'background-sync'}) ───────
  if (typeof Permissions === 'function' && typeof PermissionStatus === 'function') {
    const nativeQuery = Permissions.prototype.query;
    // A real EventTarget (so listeners work) presented as a PermissionStatus.
    const permissionStatus = (name, state) => {
      const status = new EventTarget();
      Object.setPrototypeOf(status, PermissionStatus.prototype);
      Object.defineProperties(status, {
        state: { value: state, enumerable: true },
        name: { value: name, enumerable: true },
        onchange: { value: null, writable: true, enumerable: true },
      });
      return status;
    };
    const query = function query(descriptor) {
      const name = descriptor && typeof descriptor === 'object' ? descriptor.name : undefined;
      // Both kinds of background sync are granted to installed apps, and to nothing else.
      if (name === 'periodic-background-sync' || name === 'background-sync') {
        return callHost('permission', {}).then((state) => permissionStatus(name, state));
      }
      if (name === 'notifications') {
        return callHost('notificationPermission', {}).then((state) =>
          permissionStatus('notifications', rememberPermission(state) === 'granted' ? 'granted' : 'denied'),
        );
      }
      // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
      return Reflect.apply(nativeQuery, this, arguments);
    };
    Object.defineProperty(Permissions.prototype, 'query', {
      value: query,
      writable: true,
      configurable: true,
    });
  }

  // ── In the service worker: PeriodicSyncEvent, SyncEvent, onperiodicsync, onsync, dispatch ─────
  const eventState = new WeakMap();
  /** An event's own fields plus the bookkeeping its waitUntil shares: made by a script until the host dispatches it. */
  const extendableState = (own) => ({
    ...own,
    fromHost: false,
    dispatching: false,
    pending: 0,
    settled: false,
    failures: [],
    onDone: undefined,
  });

  function settleIfDone(state) {
    if (state.dispatching || state.pending > 0 || state.settled) return;
    state.settled = true;
    state.onDone?.();
  }

  let PeriodicSyncEvent;
  let SyncEvent;
  let makeNotificationEvent;
  if (isServiceWorker) {
    PeriodicSyncEvent = class PeriodicSyncEvent extends ExtendableEvent {
      constructor(type, init) {
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 2, 'construct', 'PeriodicSyncEvent');
        if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
          throw new TypeError(
            "Failed to construct 'PeriodicSyncEvent': The provided value is not of type 'PeriodicSyncEventInit'.",
          );
        }
        if (init.tag === undefined) {
          throw new TypeError("Failed to construct 'PeriodicSyncEvent': required member tag is undefined.");
        }
        super(type, init);
        eventState.set(this, extendableState({ tag: toDOMString(init.tag) }));
      }

      get tag() {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        return state.tag;
      }

      waitUntil(promise) {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 1, 'waitUntil', 'ExtendableEvent');
        if (!state.fromHost) {
          throw new DOMException(
            "Failed to execute 'waitUntil' on 'ExtendableEvent': The event handler is already finished.",
            'InvalidStateError',
          );
        }
        if (!state.dispatching && state.pending === 0) {
          throw new DOMException(
            "Failed to execute 'waitUntil' on 'ExtendableEvent': The event handler is already finished and no extend lifetime promises are outstanding.",
            'InvalidStateError',
          );
        }
        state.pending += 1;
        Promise.resolve(promise).then(
          () => {
            state.pending -= 1;
            queueMicrotask(() => settleIfDone(state));
          },
          (reason) => {
            state.pending -= 1;
            state.failures.push(describe(reason));
            queueMicrotask(() => settleIfDone(state));
          },
        );
      }
    };
    Object.defineProperty(PeriodicSyncEvent.prototype, Symbol.toStringTag, {
      value: 'PeriodicSyncEvent',
      configurable: true,
    });
    Object.defineProperty(global, 'PeriodicSyncEvent', {
      value: PeriodicSyncEvent,
      writable: true,
      configurable: true,
      enumerable: false,
    });

    // A host-made NotificationEvent: the browser's own constructor takes only the browser's own
    // Notification objects, and its waitUntil throws on script-made events, as PeriodicSyncEvent's does.
    const NotificationEvent = class NotificationEvent extends ExtendableEvent {
      constructor(type, init) {
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 2, 'construct', 'NotificationEvent');
        if (init === null || typeof init !== 'object' || init.notification === undefined) {
          throw new TypeError(
            "Failed to construct 'NotificationEvent': required member notification is undefined.",
          );
        }
        super(type, init);
        eventState.set(
          this,
          extendableState({
            notification: init.notification,
            action: init.action === undefined ? '' : toDOMString(init.action),
          }),
        );
      }

      get notification() {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        return state.notification;
      }

      get action() {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        return state.action;
      }
    };
    Object.defineProperty(NotificationEvent.prototype, 'waitUntil', {
      value: PeriodicSyncEvent.prototype.waitUntil,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(NotificationEvent.prototype, Symbol.toStringTag, {
      value: 'NotificationEvent',
      configurable: true,
    });
    Object.defineProperty(global, 'NotificationEvent', {
      value: NotificationEvent,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    makeNotificationEvent = (kind, notification, action) =>
      new NotificationEvent(kind, { notification, action });

    // One-off Background Sync's event: `tag` (required) and `lastChance` (false unless given), as Blink's.
    SyncEvent = class SyncEvent extends ExtendableEvent {
      constructor(type, init) {
        // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually passed
        requireArguments(arguments.length, 2, 'construct', 'SyncEvent');
        if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
          throw new TypeError(
            "Failed to construct 'SyncEvent': The provided value is not of type 'SyncEventInit'.",
          );
        }
        if (init.tag === undefined) {
          throw new TypeError("Failed to construct 'SyncEvent': required member tag is undefined.");
        }
        super(type, init);
        eventState.set(
          this,
          extendableState({ tag: toDOMString(init.tag), lastChance: toBoolean(init.lastChance) }),
        );
      }

      get tag() {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        return state.tag;
      }

      get lastChance() {
        const state = eventState.get(this);
        if (!state) throw new TypeError('Illegal invocation');
        return state.lastChance;
      }
    };
    Object.defineProperty(SyncEvent.prototype, 'waitUntil', {
      value: PeriodicSyncEvent.prototype.waitUntil,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(SyncEvent.prototype, Symbol.toStringTag, {
      value: 'SyncEvent',
      configurable: true,
    });
    Object.defineProperty(global, 'SyncEvent', {
      value: SyncEvent,
      writable: true,
      configurable: true,
      enumerable: false,
    });

    defineHandlerAttribute('periodicsync');
    defineHandlerAttribute('sync');
  }

  /**
   * `on<type>` with event handler attribute semantics on the worker's global: one listener, added when the
   * attribute is first set to a function, keeping its place among the listeners.
   */
  function defineHandlerAttribute(type) {
    let handler = null;
    let listening = false;
    Object.defineProperty(Object.getPrototypeOf(global), `on${type}`, {
      configurable: true,
      enumerable: true,
      get() {
        return handler;
      },
      set(value) {
        handler = typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
        if (handler && !listening) {
          listening = true;
          global.addEventListener(type, (event) => {
            if (typeof handler === 'function') return handler.call(global, event);
          });
        }
      },
    });
  }

  function describe(reason) {
    if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
    try {
      return typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? String(reason));
    } catch {
      return String(reason);
    }
  }

  function dispatchPeriodicSync(eventId, tag) {
    dispatchExtendable(eventId, new PeriodicSyncEvent('periodicsync', { tag }));
  }

  /**
   * A one-off sync reaches the worker once it is activated, as the spec fires functional events: one
   * registered from the worker's own activate handler (what Workbox's Queue may do) would otherwise run
   * while that handler still waits.
   */
  function dispatchSync(eventId, tag, lastChance) {
    const fire = () => dispatchExtendable(eventId, new SyncEvent('sync', { tag, lastChance }));
    const worker = global.serviceWorker ?? global.registration?.active;
    if (worker?.state !== 'activating') return fire();
    const onStateChange = () => {
      if (worker.state === 'activating') return;
      worker.removeEventListener('statechange', onStateChange);
      if (worker.state === 'activated') fire();
      else
        transport.send({ type: 'eventDone', id: eventId, ok: false, error: 'The worker did not activate.' });
    };
    worker.addEventListener('statechange', onStateChange);
  }

  function dispatchExtendable(eventId, event) {
    const state = eventState.get(event);
    state.fromHost = true;
    state.onDone = () => {
      const ok = state.failures.length === 0;
      // Cut, so that even a handler failing with a huge message is reported instead of timing out.
      const error = ok ? null : state.failures.join('; ').slice(0, MAX_ERROR_LENGTH);
      transport.send({ type: 'eventDone', id: eventId, ok, error });
    };
    // An exception thrown by a listener is reported to the global scope, not to dispatchEvent's caller.
    const onError = (errorEvent) => {
      state.failures.push(`Uncaught ${describe(errorEvent.error ?? errorEvent.message)}`);
    };
    global.addEventListener('error', onError);
    state.dispatching = true;
    try {
      global.dispatchEvent(event);
    } finally {
      state.dispatching = false;
      global.removeEventListener('error', onError);
    }
    queueMicrotask(() => settleIfDone(state));
  }

  // ── the host's side door ──────────────────────────────────────────────────────────────────────
  function receive(message) {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'reply') {
      const call = pendingCalls.get(message.id);
      if (!call) return;
      pendingCalls.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(toError(message.error));
    } else if (message.type === 'dispatch' && isServiceWorker) {
      dispatchPeriodicSync(message.id, message.tag);
    } else if (message.type === 'dispatchSync' && isServiceWorker) {
      dispatchSync(message.id, message.tag, message.lastChance === true);
    } else if (message.type === 'notificationEvent') {
      receiveNotificationEvent(message);
    } else if (message.type === 'state') {
      notificationPermission = message.notificationPermission;
    }
  }

  transport.onMessage(receive);
  transport.send({ type: 'ready', kind: isServiceWorker ? 'service-worker' : 'page' });
}
