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
  | { name: 'runs'; app?: string; tag?: string; limit?: number };

/** Commands that need a browser: with no host serving, they start a temporary one. */
export type BrowserCommand =
  | { name: 'install'; url: string }
  | { name: 'uninstall'; app: string }
  | { name: 'open'; app: string; path?: string }
  | { name: 'run'; app: string; tag: string };

export interface ServeCommand {
  name: 'serve';
  chromiumPath?: string;
  /** 0 turns on developer mode (the only mode that allows a floor of 0). */
  minIntervalFloorMs?: number;
}

export type Command = ReadCommand | BrowserCommand | ServeCommand;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type ParseResult =
  | { kind: 'command'; options: GlobalOptions; command: Command }
  /** Help, version or a usage error: print and exit without doing anything else. */
  | { kind: 'exit'; exitCode: typeof EXIT_OK | typeof EXIT_USAGE; stdout: string; stderr: string };

export function isReadCommand(command: Command): command is ReadCommand {
  return command.name === 'list' || command.name === 'syncs' || command.name === 'runs';
}
