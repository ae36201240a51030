import { CONFIG_KEYS, isConfigKey } from '../../host/config-keys.ts';
import type { SyncKind } from '../../store/records.ts';
import type { Command, GlobalOptions } from './command.ts';

/**
 * The command line, as data: every command with its words, arguments and options, in the order help lists
 * them. parse-args.ts builds the full parser (commander: help, version, usage errors) from this table, and
 * quick-parse.ts reads ordinary command lines from it without loading commander. A new command is a row
 * here, a case in run-command.ts and a module in commands/.
 */

/** A value the command line refuses; the message says what was expected. */
export class InvalidValueError extends Error {}

export interface ArgumentSpec {
  /** Help shows it as `<name>` when required, `[name]` when not; the command's field of the same name. */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** Checks the value; throws InvalidValueError to refuse it. */
  readonly parse?: (value: string) => string;
}

export interface OptionSpec {
  /** `--long`, and `-s` when it has a short form. */
  readonly long: string;
  readonly short?: string;
  /** The placeholder help shows for its value (`--tag <tag>`); absent for a flag, which sets true. */
  readonly value?: string;
  readonly description: string;
  /** The field of the command it sets. */
  readonly field: string;
  readonly parse?: (value: string) => unknown;
}

export interface CommandSpec {
  /** `['config', 'set']` for a subcommand, whose parent comes earlier in the table. */
  readonly words: readonly string[];
  readonly command: Command['name'];
  readonly description: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options?: readonly OptionSpec[];
}

export const PROGRAM_NAME = 'pwa-host';
export const PROGRAM_DESCRIPTION =
  'A desktop host for Progressive Web Apps with working Periodic Background Sync.';

/** Options of every command, before or after the command's words. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    long: 'data-dir',
    value: 'dir',
    description: 'where the host keeps its data (env PWA_HOST_DATA_DIR)',
    field: 'dataDir',
  },
  { long: 'json', description: 'print one JSON document on stdout', field: 'json' },
  {
    long: 'app-id',
    value: 'id',
    description: 'open an installed app (what app launchers run)',
    field: 'appId',
  },
];

const appArgument = (description = 'app id or unambiguous name prefix'): ArgumentSpec => ({
  name: 'app',
  required: true,
  description,
});
const onlyAppArgument: ArgumentSpec = {
  name: 'app',
  required: false,
  description: 'only this app (id or unambiguous name prefix)',
};

export const COMMAND_TABLE: readonly CommandSpec[] = [
  {
    words: ['serve'],
    command: 'serve',
    description: 'run the host in the foreground: fire periodic syncs and answer other pwa-host commands',
    options: [
      {
        long: 'chromium',
        value: 'path',
        description: 'the Chromium or Chrome binary to drive',
        field: 'chromiumPath',
      },
      {
        long: 'min-interval-floor',
        value: 'ms',
        description: 'lower bound on every sync interval for this run (0 = developer mode)',
        field: 'minIntervalFloorMs',
        parse: wholeNumber(0),
      },
      {
        long: 'run-due',
        description: 'fire what is due, leave the next OS wake-up, then exit',
        field: 'runDue',
      },
    ],
  },
  {
    words: ['ui'],
    command: 'ui',
    description:
      'open the management UI in a Chromium app window, on the serving host (or on a host of its own while the window is open)',
    options: [
      {
        long: 'chromium',
        value: 'path',
        description: 'the Chromium or Chrome binary for the window',
        field: 'chromiumPath',
      },
    ],
  },
  {
    words: ['install'],
    command: 'install',
    description: 'install the PWA at a URL',
    arguments: [{ name: 'url', required: true, description: 'an http(s) URL of the app', parse: httpUrl }],
  },
  {
    words: ['uninstall'],
    command: 'uninstall',
    description: 'remove an installed app with its registrations and runs',
    arguments: [appArgument()],
  },
  { words: ['list'], command: 'list', description: 'list installed apps' },
  {
    words: ['open'],
    command: 'open',
    description: 'open an app page',
    arguments: [
      appArgument(),
      { name: 'path', required: false, description: 'a path inside the app (default: its start URL)' },
    ],
  },
  {
    words: ['pages'],
    command: 'pages',
    description: 'list the pages `open` loaded in the serving host, with their ids and when they close',
    arguments: [onlyAppArgument],
  },
  {
    words: ['close'],
    command: 'close',
    description: 'close a page `open` loaded (by its id), or every page of an app',
    arguments: [{ name: 'page', required: true, description: 'a page id (see `pwa-host pages`) or an app' }],
  },
  {
    words: ['syncs'],
    command: 'syncs',
    description: 'list periodic sync registrations and pending one-off syncs, and when they fire next',
    arguments: [onlyAppArgument],
  },
  {
    words: ['runs'],
    command: 'runs',
    description: 'list recorded runs of periodic and one-off syncs, newest first',
    arguments: [onlyAppArgument],
    options: [
      { long: 'tag', value: 'tag', description: 'only this tag', field: 'tag' },
      {
        long: 'kind',
        value: 'kind',
        description: 'only this kind: periodic or one-off',
        field: 'kind',
        parse: syncKind,
      },
      {
        long: 'limit',
        value: 'n',
        description: 'at most this many runs (default 50; 10 with --follow)',
        field: 'limit',
        parse: wholeNumber(1),
      },
      {
        long: 'follow',
        short: 'f',
        description:
          'then print each run as it finishes, until Ctrl-C (needs a serving host; --json: JSON lines)',
        field: 'follow',
      },
    ],
  },
  {
    words: ['run'],
    command: 'run',
    description: 'fire a periodic sync or a pending one-off sync now and wait for its outcome',
    arguments: [appArgument(), { name: 'tag', required: true, description: 'the registration tag' }],
    options: [
      {
        long: 'kind',
        value: 'kind',
        description: 'periodic or one-off (needed only when the app has both with this tag)',
        field: 'kind',
        parse: syncKind,
      },
    ],
  },
  {
    words: ['pause'],
    command: 'pause',
    description: 'stop firing periodic syncs for an app (its registrations are kept)',
    arguments: [appArgument()],
  },
  {
    words: ['resume'],
    command: 'resume',
    description: 'fire periodic syncs for a paused app again',
    arguments: [appArgument()],
  },
  {
    words: ['interval-floor'],
    command: 'interval-floor',
    description:
      "show an app's own interval floor, or set it (a duration such as 1h; default: the host's interval-floor)",
    arguments: [
      appArgument(),
      {
        name: 'floor',
        required: false,
        description: 'a duration (30s, 15m, 1h, 1d) or default',
      },
    ],
  },
  {
    words: ['mute'],
    command: 'mute',
    description: "record an app's notifications without showing them (its permission reads denied)",
    arguments: [appArgument()],
  },
  {
    words: ['unmute'],
    command: 'unmute',
    description: "show an app's notifications again",
    arguments: [appArgument()],
  },
  {
    words: ['notifications'],
    command: 'notifications',
    description: 'list recent notifications apps showed (or had recorded while muted), newest first',
    arguments: [onlyAppArgument],
    options: [
      {
        long: 'limit',
        value: 'n',
        description: 'at most this many (default 50)',
        field: 'limit',
        parse: wholeNumber(1),
      },
    ],
  },
  {
    words: ['alerts'],
    command: 'alerts',
    description:
      'tasks that keep failing and one-off syncs given up (told once; cleared by their next success)',
  },
  {
    words: ['config'],
    command: 'config-get',
    description: `host settings: ${Object.keys(CONFIG_KEYS).join(', ')}`,
  },
  {
    words: ['config', 'get'],
    command: 'config-get',
    description: 'show every setting, or one',
    arguments: [{ name: 'key', required: false, description: 'a setting name', parse: settingKey }],
  },
  {
    words: ['config', 'set'],
    command: 'config-set',
    description: 'change a setting (durations: 30s, 15m, 3h; toggles: on, off)',
    arguments: [
      { name: 'key', required: true, description: 'a setting name', parse: settingKey },
      { name: 'value', required: true, description: 'the new value' },
    ],
  },
  {
    words: ['status'],
    command: 'status',
    description: 'whether a host serves this data dir, online or not, and the next due event',
  },
];

/**
 * The command a row stands for, given its arguments in order (undefined where an optional one was left
 * out) and the options given (by spec; a flag's value is true).
 */
export function commandFrom(
  spec: CommandSpec,
  values: readonly (string | undefined)[],
  options: ReadonlyMap<OptionSpec, unknown>,
): Command {
  const fields: Record<string, unknown> = { name: spec.command };
  (spec.arguments ?? []).forEach((argument, index) => {
    if (values[index] !== undefined) fields[argument.name] = values[index];
  });
  for (const [option, value] of options) fields[option.field] = value;
  return fields as unknown as Command;
}

/** The global options as a command line gave them, the data dir from the environment if not. */
export function globalOptionsFrom(
  given: { dataDir?: unknown; json?: unknown },
  defaultDataDir: () => string,
): GlobalOptions {
  return {
    dataDir: typeof given.dataDir === 'string' ? given.dataDir : defaultDataDir(),
    json: given.json === true,
  };
}

/**
 * `pwa-host [--data-dir DIR] --app-id=<id>` is what app launchers run: it means `open <id>`. Rewritten
 * before parsing so the id goes through the same checks as `open`.
 */
export function launcherToOpen(argv: readonly string[]): string[] {
  const index = argv.findIndex((arg) => arg === '--app-id' || arg.startsWith('--app-id='));
  if (index === -1) return [...argv];
  const flag = argv[index] as string;
  const id = flag === '--app-id' ? argv[index + 1] : flag.slice('--app-id='.length);
  const rest = argv.filter(
    (_, position) => position !== index && (flag !== '--app-id' || position !== index + 1),
  );
  return id === undefined || id === '' ? [...argv] : [...rest, 'open', id];
}

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
      throw new InvalidValueError(`expected a whole number ≥ ${min}.`);
    }
    return number;
  };
}

function syncKind(value: string): SyncKind {
  if (value !== 'periodic' && value !== 'one-off')
    throw new InvalidValueError('expected periodic or one-off.');
  return value;
}

function settingKey(value: string): string {
  if (!isConfigKey(value)) {
    throw new InvalidValueError(`expected one of ${Object.keys(CONFIG_KEYS).join(', ')}.`);
  }
  return value;
}

function httpUrl(value: string): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidValueError('expected an absolute http:// or https:// URL.');
  }
  return value;
}
