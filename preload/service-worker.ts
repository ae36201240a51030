/**
 * The service-worker preload of the apps session (`registerPreloadScript({type: 'service-worker'})`): runs
 * in the worker's preload realm before the worker's own script, on every start, and installs the shared
 * periodicSync shim in the worker's global scope over IPC (`ipcRenderer.invoke` reaches the engine's
 * `ServiceWorkerMain.ipc.handle`; `ServiceWorkerMain.send` reaches `ipcRenderer.on`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { installShimInMainWorld } from '../app/engine-electron/install-shim.ts';

installShimInMainWorld(contextBridge, ipcRenderer);
