import { DESKTOP_ENTRY_VERSION, renderDesktopEntry } from '../desktop-entry/desktop-entry-file.ts';
import { desktopExecLine } from '../desktop-entry/desktop-exec.ts';

/**
 * The XDG autostart entry that starts `pwa-host --data-dir <dir> serve` (the desktop app: `--background`)
 * at login. NoDisplay keeps it out of application menus; the host starts with no window.
 */
export function autostartEntry(
  hostCommand: readonly string[],
  dataDir: string,
  startArgs: readonly string[] = ['serve'],
): string {
  return renderDesktopEntry({
    Type: 'Application',
    Version: DESKTOP_ENTRY_VERSION,
    Name: 'PWA Host',
    Comment: 'Runs the periodic background syncs of your installed web apps',
    Exec: desktopExecLine([...hostCommand, '--data-dir', dataDir, ...startArgs]),
    Terminal: false,
    NoDisplay: true,
    'X-GNOME-Autostart-enabled': true,
  });
}
