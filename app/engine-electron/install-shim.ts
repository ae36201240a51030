import { installPeriodicSyncShim } from '../shim/periodic-sync-shim.js';
import type { MainWorldBridge, RendererIpc } from './electron-surface.ts';
import { createIpcTransport } from './ipc-transport.ts';

/**
 * What both preloads run (the service-worker preload before the worker's own script, the frame preload
 * before the page's): the shared shim, serialised into the main world by `executeInMainWorld`, given the
 * IPC transport as its argument. No global is exposed (`exposeInMainWorld` would add one a page can see).
 */
export function installShimInMainWorld(bridge: MainWorldBridge, ipc: RendererIpc): void {
  bridge.executeInMainWorld({ func: installPeriodicSyncShim, args: [createIpcTransport(ipc)] });
}
