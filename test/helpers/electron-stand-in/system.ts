import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { StandInApp } from './app.ts';
import { report } from './report.ts';
import type { StandInProcess } from './stand-in-process.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/** A `NativeImage` from a file, as far as the app can tell: whether anything was decoded. */
export interface StandInImage {
  readonly path: string;
  isEmpty(): boolean;
}

/**
 * `nativeImage.createFromPath` (shell/common/api/electron_api_native_image.cc `CreateFromPath`,
 * shell/common/skia_util.cc `AddImageSkiaRepFromBuffer`): the file's bytes are tried as PNG, then JPEG;
 * on Windows a `.ico` path is read as an icon. Anything else (SVG above all) gives an empty image.
 */
function imageFromPath(path: string, platform: NodeJS.Platform): StandInImage {
  let decoded = false;
  try {
    const bytes = readFileSync(path);
    decoded =
      bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE) ||
      bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE) ||
      (platform === 'win32' && extname(path).toLowerCase() === '.ico');
  } catch {
    decoded = false;
  }
  return { path, isEmpty: () => !decoded };
}

/** `Notification` (shell/browser/api/electron_api_notification.cc): not before `ready`. */
function notificationClass(app: StandInApp) {
  return class StandInNotification extends EventEmitter {
    static isSupported(): boolean {
      return true;
    }

    readonly #options: { title?: string; body?: string };

    constructor(options: { title?: string; body?: string } = {}) {
      super();
      if (!app.isReady()) throw new Error('Cannot create Notification before app is ready');
      this.#options = options;
    }

    show(): void {
      report('notification-shown', { title: this.#options.title, body: this.#options.body });
      this.emit('show', {});
    }

    close(): void {
      this.emit('close', { reason: 'closed-by-app' });
    }
  };
}

/** `Tray` (shell/browser/api/electron_api_tray.cc): not before `ready`. */
function trayClass(app: StandInApp) {
  return class StandInTray extends EventEmitter {
    constructor(image: StandInImage) {
      super();
      if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
      report('tray-created', { icon: image.path, empty: image.isEmpty() });
    }

    setToolTip(toolTip: string): void {
      report('tray-tooltip', { toolTip });
    }

    setTitle(): void {}

    setContextMenu(menu: { items: unknown[] }): void {
      report('tray-menu', { items: menu.items.length });
    }

    destroy(): void {
      report('tray-destroyed');
    }
  };
}

/** The smaller main-process modules: what they report, and where Electron refuses them before `ready`. */
export function systemModules(app: StandInApp, standInProcess: StandInProcess) {
  let nextBlocker = 1;
  const blockers = new Set<number>();
  return {
    dialog: {
      // lib/browser/api/dialog.ts: the one dialog usable before `ready`, modal until dismissed.
      showErrorBox(title: string, content: string) {
        report('error-box', { title, content });
      },
    },
    shell: {
      async openExternal(url: string) {
        report('open-external', { url });
      },
    },
    powerMonitor: new EventEmitter(),
    powerSaveBlocker: {
      start(type: string) {
        const id = nextBlocker++;
        blockers.add(id);
        report('power-save-blocker-started', { id, type });
        return id;
      },
      stop(id: number) {
        blockers.delete(id);
        report('power-save-blocker-stopped', { id });
        return true;
      },
    },
    Notification: notificationClass(app),
    Tray: trayClass(app),
    Menu: {
      buildFromTemplate: (items: unknown[]) => ({ items }),
    },
    nativeImage: {
      createFromPath: (path: string) => imageFromPath(path, standInProcess.platform),
    },
    screen: {
      getAllDisplays() {
        // shell/browser/api/electron_api_screen.cc.
        if (!app.isReady()) throw new Error("The 'screen' module can't be used before the app 'ready' event");
        return [
          {
            id: 1,
            bounds: { x: 0, y: 0, width: 1920, height: 1080 },
            workArea: { x: 0, y: 0, width: 1920, height: 1050 },
          },
        ];
      },
    },
  };
}
