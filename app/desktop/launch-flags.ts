import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { HEADLESS_OZONE_SWITCH } from './desktop-host-command.ts';

/** What one launch of the desktop app asks for (also what a second launch hands to the first). */
export interface LaunchFlags {
  /** Open this installed app (what app launchers run). */
  appId?: string;
  /** Start in the tray with no window (what autostart runs). */
  background: boolean;
  /** Open the install flow for this URL. */
  install?: string;
  /** An absolute data dir; absent: the default one. */
  dataDir?: string;
  /** Fire what is due, leave the next OS wake-up, quit: no window, no tray (what the OS wake-up runs). */
  runDue: boolean;
}

export type LaunchParse =
  | { kind: 'launch'; flags: LaunchFlags; problems: string[] }
  | { kind: 'help'; text: string };

export const LAUNCH_FLAGS_HELP = `Usage: pwa-host-app [options]

  --app-id=ID      open an installed app (what app launchers run)
  --background     start in the tray with no window (what autostart runs)
  --install URL    open the install flow for an http(s) URL
  --data-dir DIR   where the host keeps its data (env PWA_HOST_DATA_DIR)
  --run-due        fire what is due, leave the next OS wake-up, quit (what the OS wake-up runs)
  -h, --help       show this help
`;

// The same rule launchers use for the file names they derive from app ids.
const APP_ID = /^[A-Za-z0-9_-]+$/;

const VALUE_FLAGS = ['--app-id', '--install', '--data-dir'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/**
 * Reads the desktop app's own flags from its argv (without the executable, and without the app path when
 * run as `electron .`). Pure, like the CLI's parser: every case is a row in a table test. A flag it does
 * not know, or a bad value, is reported in `problems` and skipped — the app still starts — because
 * Chromium's own switches (`--ozone-platform=wayland`, `--enable-logging`) arrive in the same argv.
 */
export function parseLaunchFlags(argv: readonly string[], cwd: string): LaunchParse {
  const flags: LaunchFlags = { background: false, runDue: false };
  const problems: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help', text: LAUNCH_FLAGS_HELP };
    if (arg === '--background') flags.background = true;
    else if (arg === '--run-due') flags.runDue = true;
    else if (arg.startsWith('-psn_')) {
      // macOS adds a process serial number when Finder starts an app: not the user's.
    } else if (arg === HEADLESS_OZONE_SWITCH) {
      // Chromium's, written into the Linux wake-up by the app itself (desktopLaunchArgs): not a problem.
    } else {
      const [name, inline] = splitFlag(arg);
      if (!isValueFlag(name)) {
        problems.push(`unknown ${arg.startsWith('-') ? 'flag' : 'argument'} ${JSON.stringify(arg)} ignored`);
        continue;
      }
      let value = inline;
      if (value === undefined) {
        const next = argv[index + 1];
        if (next !== undefined && !next.startsWith('--')) {
          value = next;
          index++;
        }
      }
      const problem = applyValue(flags, name, value, cwd);
      if (problem) problems.push(problem);
    }
  }
  if (flags.runDue && (flags.appId !== undefined || flags.install !== undefined || flags.background)) {
    problems.push('--run-due opens no window: --app-id, --install and --background are ignored with it');
    delete flags.appId;
    delete flags.install;
    flags.background = false;
  }
  return { kind: 'launch', flags, problems };
}

/** The argv that asks for `flags` again (what `parseLaunchFlags` reads back as the same flags). */
export function launchFlagsArgv(flags: LaunchFlags): string[] {
  return [
    ...(flags.dataDir === undefined ? [] : ['--data-dir', flags.dataDir]),
    ...(flags.appId === undefined ? [] : [`--app-id=${flags.appId}`]),
    ...(flags.install === undefined ? [] : ['--install', flags.install]),
    ...(flags.background ? ['--background'] : []),
    ...(flags.runDue ? ['--run-due'] : []),
  ];
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

function applyValue(flags: LaunchFlags, name: ValueFlag, value: string | undefined, cwd: string) {
  if (value === undefined || value === '') return `${name} needs a value (see --help); ignored`;
  switch (name) {
    case '--app-id':
      if (!APP_ID.test(value)) return `--app-id ${JSON.stringify(value)} is not an app id; ignored`;
      flags.appId = value;
      return undefined;
    case '--install': {
      const url = URL.parse(value);
      if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:'))
        return `--install needs an absolute http:// or https:// URL, not ${JSON.stringify(value)}; ignored`;
      flags.install = url.href;
      return undefined;
    }
    case '--data-dir':
      flags.dataDir = isAbsolute(value) ? value : resolve(cwd, value);
      return undefined;
  }
}

/**
 * The flags as they cross from a second launch to the first (Electron's `additionalData`): another
 * process's data, so checked before use.
 */
export const launchFlagsSchema = z.strictObject({
  appId: z.string().regex(APP_ID).exactOptional(),
  background: z.boolean(),
  install: z.url({ protocol: /^https?$/ }).exactOptional(),
  dataDir: z.string().min(1).exactOptional(),
  runDue: z.boolean(),
});
