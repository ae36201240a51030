import { type FuseConfig, FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * The Electron fuses the packaged app ships with (the security checklist's "flip the fuses"). Every fuse
 * is set on purpose and `strictlyRequireAllFuses` makes flipping fail when an Electron upgrade adds a fuse
 * this table does not decide yet, rather than shipping the new fuse's default unnoticed.
 */
export const FUSE_SETTINGS: Readonly<Record<FuseV1Options, boolean>> = {
  // `ELECTRON_RUN_AS_NODE=1 "PWA Host"` would otherwise turn the signed app into a plain Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies of installed apps are encrypted at rest with the OS keychain (safeStorage).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (e.g. --require) must not inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect on the command line must not open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against the hash embedded at build time (macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no app/ folder beside it can replace the code.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // One V8 snapshot for every process, as Electron ships it.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The host's own pages load from pwa-host://, so file:// keeps the browser's default (fewer) privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default: WebAssembly bounds checks through signal handlers.
  [FuseV1Options.WasmTrapHandlers]: true,
};

/**
 * The config for `flipFuses` on one platform's packaged Electron binary. macOS arm64 refuses to run a
 * binary whose ad-hoc signature no longer matches, so it is re-signed ad hoc there (code signing, if
 * configured, signs again afterwards).
 */
export function fuseConfig(platform: NodeJS.Platform): FuseConfig {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: platform === 'darwin',
    ...FUSE_SETTINGS,
  };
}
