import type { OsIntegration } from '../host/os-integration.ts';

/** The OS's own "open at login" list (Electron's `app.setLoginItemSettings`, macOS and Windows). */
export interface LoginItems {
  set(enabled: boolean): void;
}

/**
 * The desktop app's OS integration: autostart is a login item on macOS and Windows (where the command
 * line cannot set one), and the XDG autostart entry on Linux (where login items are a no-op in Electron).
 */
export function withLoginItems(
  os: OsIntegration,
  loginItems: LoginItems,
  platform: NodeJS.Platform,
): OsIntegration {
  if (platform !== 'darwin' && platform !== 'win32') return os;
  return {
    ...os,
    async setAutostart(enabled) {
      loginItems.set(enabled);
    },
  };
}
