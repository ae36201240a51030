import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import {
  type TrayAction,
  type TrayItem,
  type TrayState,
  trayMenu,
  trayTooltip,
} from '../app/desktop/tray-menu.ts';
import type { HostOperations } from '../app/host/host-api.ts';
import type { Logger } from '../app/logging/logger.ts';

/** Host events come in bursts (a run starts and finishes, registrations change): rebuild once per burst. */
const REFRESH_DELAY_MS = 250;
const RUNS_CONSIDERED = 50;

function template(
  items: readonly TrayItem[],
  act: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => menuItem(item, act));
}

function menuItem(item: TrayItem, act: (action: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'info':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => act(item.action) };
    case 'checkbox':
      return { label: item.label, type: 'checkbox', checked: item.checked, click: () => act(item.action) };
    case 'submenu':
      return { label: item.label, submenu: template(item.items, act) };
  }
}

/** Reads what the menu shows from the host API, as any client would. */
function readState(operations: HostOperations): TrayState {
  return {
    apps: operations.list(),
    syncs: operations.syncs(),
    runs: operations.runs({ limit: RUNS_CONSIDERED }),
    online: operations.status().online,
    startAtLogin: operations.config().find((entry) => entry.key === 'autostart')?.value === 'on',
  };
}

/** The tray icon; its menu is `trayMenu(host state)`, rebuilt whenever the host reports an event. */
export function createTray(
  iconPath: string,
  operations: HostOperations,
  act: (action: TrayAction) => void,
  logger: Logger,
): { refresh(): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    try {
      const state = readState(operations);
      tray.setToolTip(trayTooltip(state));
      // Linux (StatusNotifierItem) shows a changed menu only when it is set again.
      tray.setContextMenu(Menu.buildFromTemplate(template(trayMenu(state), act)));
    } catch (error) {
      logger.warn({ error: String(error) }, 'the tray menu could not be rebuilt');
    }
  };
  const unsubscribe = operations.events.onAny(() => {
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_DELAY_MS);
  });
  refresh();
  return {
    refresh,
    destroy() {
      clearTimeout(timer);
      unsubscribe();
      tray.destroy();
    },
  };
}
