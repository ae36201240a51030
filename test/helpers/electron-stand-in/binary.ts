import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options } from '@electron/fuses';

// The bytes @electron/fuses looks for in an Electron binary; the wire follows: version 1, 9 fuses.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_VERSION = 1;
/** Electron 45's fuses as it ships them, in wire order (FuseV1Options 0…8). */
const DEFAULT_WIRE = [
  FuseState.ENABLE, // RunAsNode
  FuseState.DISABLE, // EnableCookieEncryption
  FuseState.ENABLE, // EnableNodeOptionsEnvironmentVariable
  FuseState.ENABLE, // EnableNodeCliInspectArguments
  FuseState.DISABLE, // EnableEmbeddedAsarIntegrityValidation
  FuseState.DISABLE, // OnlyLoadAppFromAsar
  FuseState.DISABLE, // LoadBrowserProcessSpecificV8Snapshot
  FuseState.ENABLE, // GrantFileProtocolExtraPrivileges
  FuseState.ENABLE, // WasmTrapHandlers
];

const BOOT = fileURLToPath(new URL('./boot.ts', import.meta.url));

/**
 * A stand-in Electron executable: a shell script that runs the stand-in process (boot.ts) on this Node with
 * its own path and arguments, so whatever the app writes as its command (launchers, autostart, the OS
 * wake-up) runs the stand-in again. Its comment line holds a fuse wire with Electron's defaults, where
 * @electron/fuses finds and flips it as in a real binary (every byte of the wire is printable but the
 * version and length, which a comment holds as well).
 */
function standInExecutable(): Buffer {
  const node = realpathSync(process.execPath);
  return Buffer.concat([
    Buffer.from(`#!/bin/sh\n# electron fuses: ${FUSE_SENTINEL}`),
    Buffer.from([FUSE_VERSION, DEFAULT_WIRE.length, ...DEFAULT_WIRE]),
    Buffer.from(`\nexec "${node}" "${BOOT}" "$0" "$@"\n`),
  ]);
}

/**
 * An unpacked "Electron distribution": for electron-builder's `electronDist` (packaging copies it, renames
 * the executable and flips its fuses), and for ELECTRON_OVERRIDE_DIST_PATH (`npm start`), where the
 * default app (resources/default_app.asar) runs the folder it is given, as Electron's does. The marker is
 * left out of a distribution for packaging (electron-builder hashes every archive there, and an empty file
 * is none).
 */
export function writeStandInElectronDist(dir: string, { defaultApp = true } = {}): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const executable = join(dir, 'electron');
  writeFileSync(executable, standInExecutable(), { mode: 0o755 });
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'version'), '45.4.1');
  if (defaultApp) writeFileSync(join(dir, 'resources', 'default_app.asar'), '');
  return executable;
}

/** Whether a fuse of the executable at `path` is on (its wire as @electron/fuses left it). */
export function fuseEnabled(path: string, fuse: FuseV1Options): boolean {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at === -1) return DEFAULT_WIRE[fuse] === FuseState.ENABLE;
  const wire = bytes.subarray(at + FUSE_SENTINEL.length + 2);
  return wire[fuse] === FuseState.ENABLE;
}

export { FuseV1Options };
