import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseState } from '@electron/fuses';

// The bytes @electron/fuses looks for in an Electron binary, followed by the wire: version 1, 9 fuses.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
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

/**
 * An unpacked "Electron distribution" for electron-builder's `electronDist`: the Electron binary cannot be
 * had here, so its place is taken by a file holding what packaging touches in it, the fuse wire with
 * Electron's defaults. Everything else — electron-builder, the asar, the afterPack hook, @electron/fuses —
 * is the real thing.
 */
export function writeStandInElectronDist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const binary = Buffer.concat([
    Buffer.alloc(256),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]),
    Buffer.alloc(256),
  ]);
  writeFileSync(join(dir, 'electron'), binary, { mode: 0o755 });
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'version'), '45.4.1');
  mkdirSync(join(dir, 'resources'));
}
