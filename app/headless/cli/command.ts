import type { SyncKind } from '../../store/records.ts';

/** Options that apply to every command. */
export interface GlobalOptions {
  dataDir: string;
  /** Print exactly one JSON document on stdout instead of human-readable text. */
  json: boolean;
}

/** Commands that only read the store: with no host serving, they open it read-only. */
export type ReadCommand =
  | { name: 'list' }
  | { name: 'syncs'; app?: string }
  | { name: 'runs'; app?: string; tag?: string; kind?: SyncKind; limit?: number; follow?: true }
  | { name: 'config-get'; key?: string }
  | { name: 'status' }
  | { name: 'notifications'; app?: string; limit?: number }
  | { name: 'alerts' };

/** Commands that change the store but need no browser: with no host serving, they take the data dir's lock. */
export type StoreCommand =
  | { name: 'pause'; app: string }
  | { name: 'resume'; app: string }
  | { name: 'mute'; app: string }
  | { name: 'unmute'; app: string }
  | { name: 'config-set'; key: string; value: string };

/** Commands that need a browser: with no host serving, they start a temporary one. */
export type BrowserCommand =
  | { name: 'install'; url: string }
  | { name: 'uninstall'; app: string }
  | { name: 'open'; app: string; path?: string }
  | { name: 'run'; app: string; tag: string; kind?: SyncKind };

export interface ServeCommand {
  name: 'serve';
  chromiumPath?: string;
  /** 0 turns on developer mode (the only mode that allows a floor of 0). */
  minIntervalFloorMs?: number;
  /** Fire what is due, leave the next OS wake-up, and exit (what the OS wake-up runs). */
  runDue?: boolean;
}

/** The management UI in a Chromium app window, on the serving host or on one of its own. */
export interface UiCommand {
  name: 'ui';
  chromiumPath?: string;
}

export type Command = ReadCommand | StoreCommand | BrowserCommand | ServeCommand | UiCommand;

/** The command (or commands) of that name: `CommandNamed<'runs'>`. */
export type CommandNamed<Name extends Command['name']> = Extract<Command, { name: Name }>;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type ParseResult =
  | { kind: 'command'; options: GlobalOptions; command: Command }
  /** Help, version or a usage error: print and exit without doing anything else. */
  | { kind: 'exit'; exitCode: typeof EXIT_OK | typeof EXIT_USAGE; stdout: string; stderr: string };

const READ_COMMANDS: ReadonlySet<Command['name']> = new Set([
  'list',
  'syncs',
  'runs',
  'config-get',
  'status',
  'notifications',
  'alerts',
]);
const STORE_COMMANDS: ReadonlySet<Command['name']> = new Set([
  'pause',
  'resume',
  'mute',
  'unmute',
  'config-set',
]);

export function isReadCommand(command: Command): command is ReadCommand {
  return READ_COMMANDS.has(command.name);
}

export function isStoreCommand(command: Command): command is StoreCommand {
  return STORE_COMMANDS.has(command.name);
}
