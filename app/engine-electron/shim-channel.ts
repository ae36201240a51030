/**
 * The IPC channel the shim's Electron transport uses in both directions: `ipcRenderer.invoke` from pages
 * and workers (answered by the engine with a reply or null), `ServiceWorkerMain.send` to workers (events
 * to dispatch). Messages are JSON text, parsed with the shim protocol's schemas on arrival.
 */
export const SHIM_CHANNEL = 'pwa-host:periodic-sync-shim';
