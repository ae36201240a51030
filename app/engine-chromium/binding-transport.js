/**
 * The shim's transport in Chromium. Page/worker → host: a DevTools binding (Runtime.addBinding), captured
 * and removed from the global so the app's own scripts cannot call it; in a page the injected script runs
 * before the binding is installed, so an accessor catches the installation and messages queue until then.
 * Host → page/worker: a listener on the global for an event name that is random per browser start; the
 * host calls it through DevTools' command-line API (`getEventListeners`), which page scripts do not have,
 * so the shim adds no global a page can find. An event of that name dispatched by a page is ignored. A
 * message longer than the host takes is not sent (`send` says so).
 * Plain JavaScript: serialised into pages and workers.
 */
export function createBindingTransport(bindingName, listenerName, limits) {
  const global = globalThis;
  let binding = null;
  const queued = [];
  if (typeof global[bindingName] === 'function') {
    binding = global[bindingName];
    delete global[bindingName];
  } else {
    Object.defineProperty(global, bindingName, {
      configurable: true,
      enumerable: false,
      get() {
        return undefined;
      },
      set(installed) {
        binding = installed;
        delete global[bindingName];
        for (const message of queued.splice(0)) binding(message);
      },
    });
  }
  return {
    callBudget: limits.callBudget,
    send(message) {
      const text = JSON.stringify(message);
      if (text.length > limits.maxMessageLength) return false;
      if (binding) binding(text);
      else queued.push(text);
      return true;
    },
    onMessage(handler) {
      global.addEventListener(listenerName, (message) => {
        if (!(message instanceof Event)) handler(message);
      });
    },
  };
}
