import { contextBridge, ipcRenderer } from 'electron';
import type { HostApi } from '../app/host/host-api.ts';
import { messageApiClient, type PageMessage } from '../app/host/message-api-client.ts';
import { UI_MESSAGE_CHANNEL, UI_REQUEST_CHANNEL } from '../app/host/ui-page.ts';

/**
 * The management UI's preload (sandboxed, context-isolated): `window.pwaHost`, the host API over IPC. The
 * page gets functions only, never ipcRenderer; the main process checks that requests come from the UI
 * page and validates each one (main/ui-ipc.ts). Failed calls reject with the host's message (contextBridge
 * does not carry an Error's other properties).
 */
const { api, receive } = messageApiClient((request) => ipcRenderer.send(UI_REQUEST_CHANNEL, request));
ipcRenderer.on(UI_MESSAGE_CHANNEL, (_event, message: PageMessage) => receive(message));

contextBridge.exposeInMainWorld('pwaHost', api satisfies HostApi);
