/**
 * The Periodic Background Sync API as PWA Host provides it, injected into every page and service worker
 * of an installed app before their own scripts run. One file for every engine: it is serialised with
 * Function.prototype.toString (or handed over by Electron's contextBridge) and run with a transport, so
 * only the transport differs.
 *
 * `transport.send(message)` delivers a JSON-able message to the host; `transport.onMessage(handler)`
 * receives the host's replies and dispatched events. The shim adds no global beyond the API itself
 * (`PeriodicSyncManager`, and `PeriodicSyncEvent` in workers, as Chromium has them). The host never
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

  // ── calls to the host ─────────────────────────────────────────────────────────────────────────
  let nextCallId = 1;
  const pendingCalls = new Map();

  function callHost(method, params) {
    return new Promise((resolve, reject) => {
      const id = nextCallId++;
      pendingCalls.set(id, { resolve, reject });
      transport.send({ type: 'call', id, method, params });
    });
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
  }

  // ── navigator.permissions.query({name: 'periodic-background-sync'}) ───────────────────────────
  if (typeof Permissions === 'function' && typeof PermissionStatus === 'function') {
    const nativeQuery = Permissions.prototype.query;
    const query = function query(descriptor) {
      if (descriptor && typeof descriptor === 'object' && descriptor.name === 'periodic-background-sync') {
        return callHost('permission', {}).then((state) => {
          // A real EventTarget (so listeners work) presented as a PermissionStatus.
          const status = new EventTarget();
          Object.setPrototypeOf(status, PermissionStatus.prototype);
          Object.defineProperties(status, {
            state: { value: state, enumerable: true },
            name: { value: 'periodic-background-sync', enumerable: true },
            onchange: { value: null, writable: true, enumerable: true },
          });
          return status;
        });
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

  // ── In the service worker: PeriodicSyncEvent, onperiodicsync, dispatch ───────────────────────
  const eventState = new WeakMap();

  function settleIfDone(state) {
    if (state.dispatching || state.pending > 0 || state.settled) return;
    state.settled = true;
    state.onDone?.();
  }

  let PeriodicSyncEvent;
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
        eventState.set(this, {
          tag: toDOMString(init.tag),
          fromHost: false,
          dispatching: false,
          pending: 0,
          settled: false,
          failures: [],
          onDone: undefined,
        });
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

    // Event handler attribute semantics: one listener, added when first set to a function, keeping its place.
    let handler = null;
    let listening = false;
    const scopePrototype = Object.getPrototypeOf(global);
    Object.defineProperty(scopePrototype, 'onperiodicsync', {
      configurable: true,
      enumerable: true,
      get() {
        return handler;
      },
      set(value) {
        handler = typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
        if (handler && !listening) {
          listening = true;
          global.addEventListener('periodicsync', (event) => {
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
    const event = new PeriodicSyncEvent('periodicsync', { tag });
    const state = eventState.get(event);
    state.fromHost = true;
    state.onDone = () => {
      const ok = state.failures.length === 0;
      transport.send({ type: 'eventDone', id: eventId, ok, error: ok ? null : state.failures.join('; ') });
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
    }
  }

  transport.onMessage(receive);
  transport.send({ type: 'ready', kind: isServiceWorker ? 'service-worker' : 'page' });
}
