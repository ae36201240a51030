import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import { followHost, readTrayState } from '../app/desktop/tray-host.ts';
import { type TrayAction, type TrayItem, trayMenu, trayTooltip } from '../app/desktop/tray-menu.ts';
import type { HostOperations } from '../app/host/host-api.ts';
import type { Logger } from '../app/logging/logger.ts';

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

/** The tray icon; its menu is `trayMenu(host state)`, rebuilt after every burst of host events. */
export function createTray(
  iconPath: string,
  operations: HostOperations,
  act: (action: TrayAction) => void,
  logger: Logger,
): { destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  const stopFollowing = followHost(operations, () => {
    try {
      const state = readTrayState(operations);
      tray.setToolTip(trayTooltip(state));
      // Linux (StatusNotifierItem) shows a changed menu only when it is set again.
      tray.setContextMenu(Menu.buildFromTemplate(template(trayMenu(state), act)));
    } catch (error) {
      logger.warn({ error: String(error) }, 'the tray menu could not be rebuilt');
    }
  });
  return {
    destroy() {
      stopFollowing();
      tray.destroy();
    },
  };
}
