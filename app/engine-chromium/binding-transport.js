/**
 * The shim's transport in Chromium: a DevTools binding (Runtime.addBinding). It captures the binding and
 * removes it from the global, so the app's own scripts cannot call it. In a page the injected script runs
 * before the binding is installed, so an accessor catches the installation and messages queue until then.
 * Plain JavaScript: serialised into pages and workers.
 */
export function createBindingTransport(bindingName) {
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
    send(message) {
      const text = JSON.stringify(message);
      if (binding) binding(text);
      else queued.push(text);
    },
  };
}
