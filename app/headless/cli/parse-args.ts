import {
  CommanderError,
  InvalidArgumentError,
  type OutputConfiguration,
  Command as Program,
} from 'commander';
import { CONFIG_KEYS, isConfigKey } from '../../host/config-keys.ts';
import { defaultDataDir } from '../../os/data-dir.ts';
import type { SyncKind } from '../../store/records.ts';
import { type Command, EXIT_OK, EXIT_USAGE, type GlobalOptions, type ParseResult } from './command.ts';

const HELP_WIDTH = 100;

export interface ParseContext {
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * Turns `pwa-host` arguments (without the node and script paths) into a command, or into the text to print
 * and the exit code for help, version and usage errors. Pure: it reads nothing but its inputs and writes
 * nothing, so every case is a row in a table test.
 */
export function parseArgs(argv: readonly string[], context: ParseContext): ParseResult {
  let stdout = '';
  let stderr = '';
  let parsed: Command | undefined;
  // A fixed width and no colours keep the output a function of the arguments alone.
  const output: OutputConfiguration = {
    getOutHelpWidth: () => HELP_WIDTH,
    getErrHelpWidth: () => HELP_WIDTH,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
  };
  const program = buildProgram(context, output, (command) => {
    parsed = command;
  });
  try {
    program.parse(launcherToOpen(argv), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { kind: 'exit', exitCode: error.exitCode === 0 ? EXIT_OK : EXIT_USAGE, stdout, stderr };
  }
  const globals = program.opts<{ dataDir?: string; json?: boolean }>();
  if (parsed === undefined) {
    return { kind: 'exit', exitCode: EXIT_USAGE, stdout, stderr: stderr || program.helpInformation() };
  }
  const options: GlobalOptions = {
    dataDir: globals.dataDir ?? defaultDataDir(context.env),
    json: globals.json === true,
  };
  return { kind: 'command', options, command: parsed };
}

function buildProgram(
  context: ParseContext,
  output: OutputConfiguration,
  select: (command: Command) => void,
): Program {
  const program = new Program('pwa-host')
    .description('A desktop host for Progressive Web Apps with working Periodic Background Sync.')
    .version(context.version, '-V, --version')
    .option('--data-dir <dir>', 'where the host keeps its data (env PWA_HOST_DATA_DIR)')
    .option('--json', 'print one JSON document on stdout')
    .option('--app-id <id>', 'open an installed app (what app launchers run)')
    .exitOverride()
    // Set before the subcommands are added: they copy the output configuration when created.
    .configureOutput(output)
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('serve')
    .description('run the host in the foreground: fire periodic syncs and answer other pwa-host commands')
    .option('--chromium <path>', 'the Chromium or Chrome binary to drive')
    .option(
      '--min-interval-floor <ms>',
      'lower bound on every sync interval for this run (0 = developer mode)',
      wholeNumber(0),
    )
    .option('--run-due', 'fire what is due, leave the next OS wake-up, then exit')
    .action((flags: { chromium?: string; minIntervalFloor?: number; runDue?: boolean }) => {
      select({
        name: 'serve',
        ...(flags.chromium === undefined ? {} : { chromiumPath: flags.chromium }),
        ...(flags.minIntervalFloor === undefined ? {} : { minIntervalFloorMs: flags.minIntervalFloor }),
        ...(flags.runDue === true ? { runDue: true } : {}),
      });
    });

  program
    .command('ui')
    .description(
      'open the management UI in a Chromium app window, on the serving host (or on a host of its own while the window is open)',
    )
    .option('--chromium <path>', 'the Chromium or Chrome binary for the window')
    .action((flags: { chromium?: string }) =>
      select({ name: 'ui', ...(flags.chromium === undefined ? {} : { chromiumPath: flags.chromium }) }),
    );

  program
    .command('install')
    .description('install the PWA at a URL')
    .argument('<url>', 'an http(s) URL of the app', httpUrl)
    .action((url: string) => select({ name: 'install', url }));

  program
    .command('uninstall')
    .description('remove an installed app with its registrations and runs')
    .argument('<app>', 'app id or unambiguous name prefix')
    .action((app: string) => select({ name: 'uninstall', app }));

  program
    .command('list')
    .description('list installed apps')
    .action(() => select({ name: 'list' }));

  program
    .command('open')
    .description('open an app page')
    .argument('<app>', 'app id or unambiguous name prefix')
    .argument('[path]', 'a path inside the app (default: its start URL)')
    .action((app: string, path: string | undefined) =>
      select({ name: 'open', app, ...(path === undefined ? {} : { path }) }),
    );

  program
    .command('syncs')
    .description('list periodic sync registrations and pending one-off syncs, and when they fire next')
    .argument('[app]', 'only this app (id or unambiguous name prefix)')
    .action((app: string | undefined) => select({ name: 'syncs', ...(app === undefined ? {} : { app }) }));

  program
    .command('runs')
    .description('list recorded runs of periodic and one-off syncs, newest first')
    .argument('[app]', 'only this app (id or unambiguous name prefix)')
    .option('--tag <tag>', 'only this tag')
    .option('--kind <kind>', 'only this kind: periodic or one-off', syncKind)
    .option('--limit <n>', 'at most this many runs (default 50; 10 with --follow)', wholeNumber(1))
    .option(
      '-f, --follow',
      'then print each run as it finishes, until Ctrl-C (needs a serving host; --json: JSON lines)',
    )
    .action(
      (app: string | undefined, flags: { tag?: string; kind?: SyncKind; limit?: number; follow?: boolean }) =>
        select({
          name: 'runs',
          ...(app === undefined ? {} : { app }),
          ...(flags.tag === undefined ? {} : { tag: flags.tag }),
          ...(flags.kind === undefined ? {} : { kind: flags.kind }),
          ...(flags.limit === undefined ? {} : { limit: flags.limit }),
          ...(flags.follow === true ? { follow: true } : {}),
        }),
    );

  program
    .command('run')
    .description('fire a periodic sync or a pending one-off sync now and wait for its outcome')
    .argument('<app>', 'app id or unambiguous name prefix')
    .argument('<tag>', 'the registration tag')
    .option(
      '--kind <kind>',
      'periodic or one-off (needed only when the app has both with this tag)',
      syncKind,
    )
    .action((app: string, tag: string, flags: { kind?: SyncKind }) =>
      select({ name: 'run', app, tag, ...(flags.kind === undefined ? {} : { kind: flags.kind }) }),
    );

  program
    .command('pause')
    .description('stop firing periodic syncs for an app (its registrations are kept)')
    .argument('<app>', 'app id or unambiguous name prefix')
    .action((app: string) => select({ name: 'pause', app }));

  program
    .command('resume')
    .description('fire periodic syncs for a paused app again')
    .argument('<app>', 'app id or unambiguous name prefix')
    .action((app: string) => select({ name: 'resume', app }));

  program
    .command('mute')
    .description("record an app's notifications without showing them (its permission reads denied)")
    .argument('<app>', 'app id or unambiguous name prefix')
    .action((app: string) => select({ name: 'mute', app }));

  program
    .command('unmute')
    .description("show an app's notifications again")
    .argument('<app>', 'app id or unambiguous name prefix')
    .action((app: string) => select({ name: 'unmute', app }));

  program
    .command('notifications')
    .description('list recent notifications apps showed (or had recorded while muted), newest first')
    .argument('[app]', 'only this app (id or unambiguous name prefix)')
    .option('--limit <n>', 'at most this many (default 50)', wholeNumber(1))
    .action((app: string | undefined, flags: { limit?: number }) =>
      select({
        name: 'notifications',
        ...(app === undefined ? {} : { app }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      }),
    );

  program
    .command('alerts')
    .description('tasks that keep failing (told once; cleared by their next success)')
    .action(() => select({ name: 'alerts' }));

  const config = program
    .command('config')
    .description(`host settings: ${Object.keys(CONFIG_KEYS).join(', ')}`)
    .action(() => select({ name: 'config-get' }));
  config
    .command('get')
    .description('show every setting, or one')
    .argument('[key]', 'a setting name', settingKey)
    .action((key: string | undefined) =>
      select({ name: 'config-get', ...(key === undefined ? {} : { key }) }),
    );
  config
    .command('set')
    .description('change a setting (durations: 30s, 15m, 3h; toggles: on, off)')
    .argument('<key>', 'a setting name', settingKey)
    .argument('<value>', 'the new value')
    .action((key: string, value: string) => select({ name: 'config-set', key, value }));

  program
    .command('status')
    .description('whether a host serves this data dir, online or not, and the next due event')
    .action(() => select({ name: 'status' }));

  return program;
}

/**
 * `pwa-host [--data-dir DIR] --app-id=<id>` is what app launchers run: it means `open <id>`. Rewritten
 * before parsing so the id goes through the same checks as `open`.
 */
function launcherToOpen(argv: readonly string[]): string[] {
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
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    }
    return number;
  };
}

function syncKind(value: string): SyncKind {
  if (value !== 'periodic' && value !== 'one-off')
    throw new InvalidArgumentError('expected periodic or one-off.');
  return value;
}

function settingKey(value: string): string {
  if (!isConfigKey(value)) {
    throw new InvalidArgumentError(`expected one of ${Object.keys(CONFIG_KEYS).join(', ')}.`);
  }
  return value;
}

function httpUrl(value: string): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError('expected an absolute http:// or https:// URL.');
  }
  return value;
}
