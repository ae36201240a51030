/**
 * The frame preload of the apps session (`registerPreloadScript({type: 'frame'})`): installs the shared
 * periodicSync shim in the page's main world before the page's scripts, over IPC (`ipcRenderer.invoke`
 * reaches the engine through `ipcMain.handle`, which knows the page by `senderFrame`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { installShimInMainWorld } from '../app/engine-electron/install-shim.ts';

installShimInMainWorld(contextBridge, ipcRenderer);
