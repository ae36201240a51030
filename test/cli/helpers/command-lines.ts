import type { Command } from '../../../app/headless/cli/command.ts';

/** The command lines the parsers are held to (parse-args.test.ts, quick-parse.test.ts). */

export const PARSE_CONTEXT = { env: { HOME: '/home/ada' }, version: '1.2.3' };
export const DEFAULT_DIR = '/home/ada/.local/share/pwa-host';

export const COMMAND_LINES: [string, string[], Command, { dataDir?: string; json?: boolean }?][] = [
  ['list', ['list'], { name: 'list' }],
  [
    'global options before the command',
    ['--data-dir', '/d', '--json', 'list'],
    { name: 'list' },
    { dataDir: '/d', json: true },
  ],
  ['global options after the command', ['list', '--json'], { name: 'list' }, { json: true }],
  ['serve', ['serve'], { name: 'serve' }],
  [
    'serve with a browser and a floor',
    ['serve', '--chromium', '/usr/bin/chromium', '--min-interval-floor', '60000'],
    { name: 'serve', chromiumPath: '/usr/bin/chromium', minIntervalFloorMs: 60000 },
  ],
  [
    'serve in developer mode',
    ['serve', '--min-interval-floor', '0'],
    { name: 'serve', minIntervalFloorMs: 0 },
  ],
  ['install', ['install', 'https://news.example/'], { name: 'install', url: 'https://news.example/' }],
  [
    'install over http',
    ['install', 'http://127.0.0.1:8080/'],
    { name: 'install', url: 'http://127.0.0.1:8080/' },
  ],
  ['uninstall', ['uninstall', 'News'], { name: 'uninstall', app: 'News' }],
  ['open', ['open', 'News'], { name: 'open', app: 'News' }],
  ['open a path', ['open', 'News', '/article/1'], { name: 'open', app: 'News', path: '/article/1' }],
  ['syncs', ['syncs'], { name: 'syncs' }],
  ['syncs of one app', ['syncs', 'News'], { name: 'syncs', app: 'News' }],
  ['runs', ['runs'], { name: 'runs' }],
  [
    'runs filtered',
    ['runs', 'News', '--tag', 'get-latest-news', '--limit', '5'],
    { name: 'runs', app: 'News', tag: 'get-latest-news', limit: 5 },
  ],
  ['runs --follow', ['runs', '--follow'], { name: 'runs', follow: true }],
  [
    'runs -f as JSON lines, filtered',
    ['--json', 'runs', 'News', '-f', '--tag', 'get-latest-news'],
    { name: 'runs', app: 'News', tag: 'get-latest-news', follow: true },
    { json: true },
  ],
  ['run', ['run', 'News', 'get-latest-news'], { name: 'run', app: 'News', tag: 'get-latest-news' }],
  ['serve --run-due', ['serve', '--run-due'], { name: 'serve', runDue: true }],
  ['ui', ['ui'], { name: 'ui' }],
  [
    'ui with a browser',
    ['ui', '--chromium', '/usr/bin/chromium'],
    { name: 'ui', chromiumPath: '/usr/bin/chromium' },
  ],
  ['pause', ['pause', 'News'], { name: 'pause', app: 'News' }],
  ['mute', ['mute', 'News'], { name: 'mute', app: 'News' }],
  ['unmute', ['unmute', 'News'], { name: 'unmute', app: 'News' }],
  ['notifications', ['notifications'], { name: 'notifications' }],
  [
    'notifications of one app, at most 5',
    ['notifications', 'News', '--limit', '5'],
    { name: 'notifications', app: 'News', limit: 5 },
  ],
  ['alerts', ['alerts'], { name: 'alerts' }],
  ['resume', ['resume', 'News'], { name: 'resume', app: 'News' }],
  ['config with no subcommand', ['config'], { name: 'config-get' }],
  ['config get', ['config', 'get'], { name: 'config-get' }],
  ['config get one key', ['config', 'get', 'interval-floor'], { name: 'config-get', key: 'interval-floor' }],
  [
    'config set',
    ['config', 'set', 'wake-when-quit', 'off'],
    { name: 'config-set', key: 'wake-when-quit', value: 'off' },
  ],
  ['status', ['status'], { name: 'status' }],
  ['a launcher: --app-id', ['--app-id=abcdefghijklmnop'], { name: 'open', app: 'abcdefghijklmnop' }],
  [
    'a launcher with a data dir',
    ['--data-dir', '/d', '--app-id', 'abc'],
    { name: 'open', app: 'abc' },
    { dataDir: '/d' },
  ],
];

export const USAGE_ERRORS: [string, string[], RegExp][] = [
  ['no command', [], /Usage: pwa-host/],
  ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['an unknown option', ['list', '--verbose'], /unknown option '--verbose'/],
  ['a missing argument', ['install'], /missing required argument 'url'/],
  ['a URL that is not http(s)', ['install', 'ftp://files.example/'], /http:\/\/ or https:\/\//],
  ['a relative URL', ['install', 'news.example'], /http:\/\/ or https:\/\//],
  ['too many arguments', ['open', 'News', '/a', '/b'], /too many arguments/],
  ['run without a tag', ['run', 'News'], /missing required argument 'tag'/],
  ['a negative floor', ['serve', '--min-interval-floor', '-1'], /whole number ≥ 0/],
  ['a fractional floor', ['serve', '--min-interval-floor', '1.5'], /whole number ≥ 0/],
  ['a floor that is not a number', ['serve', '--min-interval-floor', '15m'], /whole number ≥ 0/],
  ['a limit of 0', ['runs', '--limit', '0'], /whole number ≥ 1/],
  ['an option without its value', ['runs', '--tag'], /argument missing/],
  ['--data-dir without a value', ['--data-dir'], /argument missing/],
  ['pause without an app', ['pause'], /missing required argument 'app'/],
  ['mute without an app', ['mute'], /missing required argument 'app'/],
  ['an unknown setting', ['config', 'set', 'colour', 'blue'], /expected one of interval-floor, time-limit/],
  ['config set without a value', ['config', 'set', 'autostart'], /missing required argument 'value'/],
  ['status with an argument', ['status', 'now'], /too many arguments/],
  ['--app-id beside a command', ['--app-id', 'abc', 'list'], /too many arguments/],
];

export const HELP_AND_VERSION: [string[], RegExp][] = [
  [['--help'], /Usage: pwa-host \[options\] \[command\][\s\S]*serve[\s\S]*install[\s\S]*runs/],
  [['-h'], /Usage: pwa-host/],
  [['help'], /Usage: pwa-host/],
  [['--version'], /^1\.2\.3\n$/],
  [['serve', '--help'], /Usage: pwa-host serve[\s\S]*--min-interval-floor <ms>/],
  [['help', 'runs'], /Usage: pwa-host runs \[options\] \[app\][\s\S]*--limit <n>/],
  [['install', '--help'], /Usage: pwa-host install \[options\] <url>/],
  [['open', '--help'], /Usage: pwa-host open \[options\] <app> \[path\]/],
  [['run', '--help'], /Usage: pwa-host run \[options\] <app> <tag>/],
  [['config', '--help'], /Usage: pwa-host config[\s\S]*get[\s\S]*set/],
  [['config', 'set', '--help'], /Usage: pwa-host config set \[options\] <key> <value>/],
  [['status', '--help'], /Usage: pwa-host status/],
];
