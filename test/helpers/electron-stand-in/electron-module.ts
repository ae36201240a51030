import { StandInApp } from './app.ts';
import { StandInIpcMain, sessionModules } from './sessions.ts';
import type { StandInProcess } from './stand-in-process.ts';
import { systemModules } from './system.ts';
import { WindowList } from './window-list.ts';
import { browserWindowClass, ContentsRegistry, windowCommands } from './windows.ts';

/**
 * The `electron` module a stand-in process hands the app's bundle: the main-process API the desktop shell
 * uses, each part written to (and citing) the electron/electron source it models.
 */
export function createElectronModule(standInProcess: StandInProcess) {
  const windows = new WindowList();
  const contents = new ContentsRegistry();
  const app = new StandInApp(standInProcess, windows);
  const ipcMain = new StandInIpcMain();
  const { session, protocol } = sessionModules({
    app,
    process: standInProcess,
    ipcMain,
    contentsOf: (sessionId) => contents.ofTarget(sessionId),
  });
  const BrowserWindow = browserWindowClass({
    app,
    windows,
    contents,
    fromPartition: (partition) => session.fromPartition(partition),
  });
  windowCommands(contents);
  return {
    app,
    ipcMain,
    session,
    protocol,
    BrowserWindow,
    webContents: {
      getAllWebContents: () => contents.getAllWebContents(),
    },
    ...systemModules(app, standInProcess),
  };
}

export type StandInElectron = ReturnType<typeof createElectronModule>;
