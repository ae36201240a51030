/**
 * Loaded before every test file (`node --import`): launchers, autostart entries and wake-up units that
 * hosts under test write go to a throwaway XDG tree, never into the real user's desktop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.PWA_HOST_TEST_DESKTOP) {
  const root = mkdtempSync(join(tmpdir(), 'pwa-host-desktop-'));
  process.env.PWA_HOST_TEST_DESKTOP = root;
  process.env.XDG_DATA_HOME = join(root, 'data');
  process.env.XDG_CONFIG_HOME = join(root, 'config');
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
}
