/**
 * Stand-ins for the two Electron objects the shim's preloads use, for running the preload's own code in
 * real Chromium (test/helpers/electron-in-chromium.ts bundles it with install-shim.ts and injects it into
 * pages and service workers). Plain JavaScript: it runs in the browser.
 *
 * - `contextBridge.executeInMainWorld({func, args})`: like Electron, `func` runs from its source (no
 *   closure survives) and `args` are copied, functions crossing as proxies whose arguments and results are
 *   copied too (electron/electron docs/api/context-bridge.md). Chromium has no preload realm for a worker,
 *   so both "worlds" are the same global here; the copying keeps the code honest about what crosses.
 * - `ipcRenderer.invoke/on`: carried by the DevTools binding transport of the Chromium engine to the test's
 *   stand-in of Electron's main process, which answers with the Electron engine's own IPC handlers.
 */
export function standInContextBridge() {
  return {
    executeInMainWorld({ func, args = [] }) {
      // biome-ignore lint/security/noGlobalEval: Electron runs func from its source; so does the stand-in, so a closure fails here as it would there
      const serialised = globalThis.eval(`(${func.toString()})`);
      return copyAcrossWorlds(serialised(...args.map(copyAcrossWorlds)));
    },
  };
}

function copyAcrossWorlds(value) {
  if (typeof value === 'function') {
    return (...args) => copyAcrossWorlds(value(...args.map(copyAcrossWorlds)));
  }
  if (value instanceof Promise) return value.then(copyAcrossWorlds);
  if (Array.isArray(value)) return value.map(copyAcrossWorlds);
  if (value !== null && typeof value === 'object') {
    const copy = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = copyAcrossWorlds(entry);
    return copy;
  }
  return value;
}

/** `ipcRenderer` over `transport` ({send, onMessage}): invoke → a reply by id; `send` from main → `on`. */
export function standInIpcRenderer(transport) {
  let nextInvoke = 1;
  const pending = new Map();
  const listeners = new Map();
  transport.onMessage((message) => {
    if (message.kind === 'reply') {
      const waiting = pending.get(message.invokeId);
      pending.delete(message.invokeId);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.error));
    } else if (message.kind === 'send') {
      for (const listener of listeners.get(message.channel) ?? []) listener({}, ...message.args);
    }
  });
  return {
    invoke(channel, ...args) {
      return new Promise((resolve, reject) => {
        const invokeId = nextInvoke++;
        pending.set(invokeId, { resolve, reject });
        transport.send({ kind: 'invoke', invokeId, channel, args });
      });
    },
    on(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return this;
    },
  };
}
