/**
 * Loaded before every test file (`node --import`). Test files run side by side, so each file's process
 * gets its own throwaway XDG tree (launchers, autostart entries and wake-up units that hosts under test
 * write never reach the real user's desktop, nor another test file's) and its own fixture ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimFixturePortBase } from './fixture-port-slots.ts';

// The runner sets NODE_TEST_CONTEXT in each test file's process; children a test spawns inherit the
// file's tree and ports through the environment instead.
const isTestFileProcess = process.env.NODE_TEST_CONTEXT !== undefined;

if (isTestFileProcess || !process.env.PWA_HOST_TEST_DESKTOP) {
  const root = mkdtempSync(join(tmpdir(), 'pwa-host-desktop-'));
  process.env.PWA_HOST_TEST_DESKTOP = root;
  process.env.XDG_DATA_HOME = join(root, 'data');
  process.env.XDG_CONFIG_HOME = join(root, 'config');
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
}

if (isTestFileProcess) {
  process.env.PWA_TEST_PORT_BASE = String(
    claimFixturePortBase(Number(process.env.PWA_TEST_PORT_BASE ?? 18501)),
  );
}
