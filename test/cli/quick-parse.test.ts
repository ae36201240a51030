import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_TABLE, type CommandSpec, GLOBAL_OPTIONS } from '../../app/headless/cli/command-table.ts';
import { parseArgs } from '../../app/headless/cli/parse-args.ts';
import { quickParse } from '../../app/headless/cli/quick-parse.ts';
import {
  COMMAND_LINES,
  PARSE_CONTEXT as context,
  HELP_AND_VERSION,
  USAGE_ERRORS,
} from './helpers/command-lines.ts';

// The quick parser must read every ordinary command line exactly as the full one does, and leave all
// else (help, version, usage errors, anything unusual) to it.

for (const [title, argv] of COMMAND_LINES) {
  test(`the quick parser reads ${title} as the full one does: ${argv.join(' ')}`, () => {
    const quick = quickParse(argv, context);
    assert.ok(quick, 'an ordinary command line needs no commander');
    assert.deepEqual(quick, parseArgs(argv, context));
  });
}

for (const [title, argv] of USAGE_ERRORS) {
  test(`the quick parser leaves ${title} to the full one: ${argv.join(' ')}`, () => {
    assert.equal(quickParse(argv, context), undefined);
  });
}

for (const [argv] of HELP_AND_VERSION) {
  test(`the quick parser leaves ${argv.join(' ')} to the full one`, () => {
    assert.equal(quickParse(argv, context), undefined);
  });
}

const UNUSUAL: string[][] = [
  ['list', '--'],
  ['--', 'list'],
  ['-', 'list'],
  ['runs', '-fx'],
  ['runs', '--tag', 'a', '--tag', 'b'],
  ['--json', 'list', '--json'],
  ['runs', '--tag='],
  ['runs', '--tag', '-x'],
  ['--data-dir', '--json', 'list'],
  ['--json=yes', 'list'],
  ['config', '--json', 'get'],
  ['help', 'list'],
  ['list', 'extra'],
  ['--tag', 'x', 'runs'],
  ['runs', '--limit', 'none'],
  ['--app-id'],
  ['--app-id', 'abc', 'list'],
  ['LIST'],
];

for (const argv of UNUSUAL) {
  test(`the quick parser leaves the unusual ${argv.join(' ')} to the full one`, () => {
    assert.equal(quickParse(argv, context), undefined);
  });
}

const SAMPLE_VALUES: Record<string, string> = {
  url: 'https://news.example/',
  app: 'News',
  path: '/article/1',
  tag: 'get-latest-news',
  key: 'interval-floor',
  value: '1h',
  chromium: '/usr/bin/chromium',
  'min-interval-floor': '0',
  limit: '5',
  kind: 'one-off',
  'data-dir': '/d',
};

/** Each row's command line in several arrangements: options before and after arguments, `=` forms, globals on either side. */
function arrangements(spec: CommandSpec): string[][] {
  const values = (spec.arguments ?? []).map((argument) => SAMPLE_VALUES[argument.name] ?? 'x');
  const optionWords = (spec.options ?? []).map((option) =>
    option.value === undefined
      ? [option.short === undefined ? `--${option.long}` : `-${option.short}`]
      : [`--${option.long}`, SAMPLE_VALUES[option.long] ?? 'x'],
  );
  const inlineOptions = (spec.options ?? []).map((option) =>
    option.value === undefined ? `--${option.long}` : `--${option.long}=${SAMPLE_VALUES[option.long] ?? 'x'}`,
  );
  const required = (spec.arguments ?? []).filter((argument) => argument.required).length;
  const dataDir = GLOBAL_OPTIONS.find((option) => option.field === 'dataDir');
  assert.ok(dataDir);
  return [
    [...spec.words, ...values.slice(0, required)],
    [...spec.words, ...values],
    [...spec.words, ...values, ...optionWords.flat()],
    [...spec.words, ...optionWords.flat(), ...values],
    [...spec.words, ...inlineOptions, ...values, '--json'],
    ['--json', `--${dataDir.long}`, '/d', ...spec.words, ...values, ...optionWords.flat()],
    [...spec.words, ...optionWords.reverse().flat(), ...values, `--${dataDir.long}=/d`],
  ];
}

test('the quick parser reads every command of the table, arranged every ordinary way, as the full one does', () => {
  let lines = 0;
  for (const spec of COMMAND_TABLE) {
    for (const argv of arrangements(spec)) {
      const quick = quickParse(argv, context);
      assert.ok(quick, `${argv.join(' ')} needs no commander`);
      assert.deepEqual(quick, parseArgs(argv, context), argv.join(' '));
      lines += 1;
    }
  }
  assert.equal(lines, COMMAND_TABLE.length * 7);
});
