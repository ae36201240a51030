import { CONFIG_KEYS, defaultFor } from '../../host/config-keys.ts';
import { COMMAND_TABLE, type CommandSpec, GLOBAL_OPTIONS } from './command-table.ts';
import { parseArgs } from './parse-args.ts';

/**
 * What each command does, in more words than its one-line --help description: the reference's command
 * table. Keyed by the command's words; a command of the table without an entry here (or an entry for a
 * command that is gone) fails `npm run docs:cli` and its test, so the reference cannot drift from the parser.
 */
const WHAT_IT_DOES: Readonly<Record<string, string>> = {
  serve:
    'run the host in the foreground (on a terminal it says in sentences what it does; JSON logs stay in `pwa-host.log`, and on stderr where no terminal is); `--run-due`: fire what is due, leave the next wake-up, exit (what the OS wake-up runs; exit 0 even when an app’s task failed, 1 only when the host could not run)',
  ui: 'open the management UI in a Chromium app window (serves a host of its own while none runs)',
  install:
    'install a PWA; progress on stderr says what it waits for (on a terminal one line redrawn with the time waited), and the result names the app’s scope',
  uninstall:
    'remove it: registrations, pending syncs, runs, icons, launcher, its storage and worker in the profile',
  list: 'installed apps, with their scopes (two apps may share an origin)',
  open: 'load a page of the app within its scope; says its HTTP status (an HTTP error opens nothing) and when it closes: a serving host closes it after the browser-idle time, a temporary host keeps it until Ctrl-C',
  pages: 'the pages `open` loaded in the serving host: id, app, URL, HTTP status, when each closes',
  close: 'close an opened page by its id, or every page of an app (needs a serving host)',
  syncs:
    'periodic registrations and pending one-off syncs: app, kind, scope, tag, intervals, next due (one-off: next attempt n of m), last outcome (a prefix two apps share lists both)',
  runs: 'run history with app names, newest first: kind, trigger, attempt (one-off: n of m, last chance); `--follow`: then each run as it finishes, in aligned columns, until Ctrl-C (`--json`: JSON lines)',
  run: 'fire one `periodicsync`, or a pending one-off `sync`, now and report the outcome (exit 1 if it failed); `--kind` when the app has both with that tag; meanwhile says what it waits for and for how long, and says so when the app is paused',
  pause: 'stop firing for one app; registrations and pending syncs are kept',
  resume: 'fire again for a paused app',
  'interval-floor':
    'the app’s own interval floor: shown, set (`1h`), or `default` for the host’s `interval-floor`',
  mute: 'record the app’s notifications without showing them (its permission reads "denied")',
  unmute: 'show the app’s notifications again',
  notifications:
    'recent notifications, newest first: app, tag, title, body, shown or why not (muted, too many, no notification service), how it ended',
  alerts:
    'tasks that keep failing, with the failures in a row so far, and one-off syncs the host gave up after their last attempt (the person was told once; a success clears it)',
  config: 'every setting with its value (the table below)',
  'config get': 'one setting, or every one',
  'config set': 'change a setting; a value out of its range is refused with the reason for the bound',
  status:
    'is a host serving this data dir: pid, engine, browser state, online or not, next due event, whether notifications can be shown, the OS wake-up as the OS reports it, and how many alerts wait (tasks failing, one-off syncs given up)',
};

/** Every command's line in the command table, its arguments and options as --help names them. */
function usage(spec: CommandSpec): string {
  const words = [...spec.words];
  for (const argument of spec.arguments ?? []) {
    const name = argument.name.toUpperCase();
    words.push(argument.required ? name : `[${name}]`);
  }
  for (const option of spec.options ?? []) {
    const value = option.value === undefined ? '' : ` ${option.value.toUpperCase()}`;
    words.push(`[--${option.long}${value}]`);
  }
  return words.join(' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

function commandTable(): string {
  const keys = new Set(COMMAND_TABLE.map((spec) => spec.words.join(' ')));
  const stale = Object.keys(WHAT_IT_DOES).filter((key) => !keys.has(key));
  const missing = [...keys].filter((key) => WHAT_IT_DOES[key] === undefined);
  if (stale.length > 0 || missing.length > 0) {
    throw new Error(
      `cli-reference.ts WHAT_IT_DOES must describe every command of the table: missing ${missing.join(', ') || 'none'}; stale ${stale.join(', ') || 'none'}.`,
    );
  }
  const appId = GLOBAL_OPTIONS.find((option) => option.field === 'appId');
  return [
    row(['command', 'does']),
    row(['---', '---']),
    ...COMMAND_TABLE.map((spec) => row([`\`${usage(spec)}\``, WHAT_IT_DOES[spec.words.join(' ')] ?? ''])),
    ...(appId ? [row([`\`--${appId.long}=${appId.value?.toUpperCase()}\``, appId.description])] : []),
  ].join('\n');
}

function settingsTable(): string {
  return [
    row(['setting', 'default', 'range', 'meaning']),
    row(['---', '---', '---', '---']),
    ...Object.entries(CONFIG_KEYS).map(([key, definition]) =>
      row([
        `\`${key}\``,
        `\`${definition.format(defaultFor(definition.stored))}\``,
        definition.range,
        definition.description,
      ]),
    ),
  ].join('\n');
}

/** The `--help` text of every command, as Markdown: the reference comes from the parser itself. */
function helpTexts(): string {
  const sections = [[], ...COMMAND_TABLE.map((spec) => spec.words)].map((words) => {
    const parsed = parseArgs([...words, '--help'], { env: { HOME: '~' }, version: '' });
    const text = parsed.kind === 'exit' ? parsed.stdout.trimEnd() : '';
    return `#### \`pwa-host ${[...words, '--help'].join(' ')}\`\n\n\`\`\`text\n${text}\n\`\`\``;
  });
  return sections.join('\n\n');
}

/** The generated part of docs/cli.md: the command and settings tables, then every command's --help. */
export function cliReference(): string {
  return [
    commandTable(),
    '',
    settingsTable(),
    '',
    '<details>',
    '<summary>Every command’s <code>--help</code></summary>',
    '',
    helpTexts(),
    '',
    '</details>',
    '',
  ].join('\n');
}

export const REFERENCE_START = '<!-- cli-reference:start (generated by npm run docs:cli) -->';
export const REFERENCE_END = '<!-- cli-reference:end -->';

/** `document` with the text between the markers replaced by the current reference. */
export function withCliReference(document: string): string {
  const start = document.indexOf(REFERENCE_START);
  const end = document.indexOf(REFERENCE_END);
  if (start === -1 || end < start) throw new Error('docs/cli.md has no CLI reference markers.');
  return `${document.slice(0, start + REFERENCE_START.length)}\n\n${cliReference()}\n${document.slice(end)}`;
}
