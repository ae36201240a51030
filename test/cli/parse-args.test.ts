import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../app/headless/cli/parse-args.ts';
import {
  COMMAND_LINES,
  PARSE_CONTEXT as context,
  DEFAULT_DIR,
  HELP_AND_VERSION,
  USAGE_ERRORS,
} from './helpers/command-lines.ts';

for (const [title, argv, command, options = {}] of COMMAND_LINES) {
  test(`parses ${title}: ${argv.join(' ')}`, () => {
    assert.deepEqual(parseArgs(argv, context), {
      kind: 'command',
      command,
      options: { dataDir: options.dataDir ?? DEFAULT_DIR, json: options.json ?? false },
    });
  });
}

test('the data dir comes from PWA_HOST_DATA_DIR when --data-dir is absent', () => {
  const parsed = parseArgs(['list'], { ...context, env: { PWA_HOST_DATA_DIR: '/env/dir' } });
  assert.partialDeepStrictEqual(parsed, { kind: 'command', options: { dataDir: '/env/dir' } });
  const flagWins = parseArgs(['--data-dir', '/flag', 'list'], {
    ...context,
    env: { PWA_HOST_DATA_DIR: '/env' },
  });
  assert.partialDeepStrictEqual(flagWins, { kind: 'command', options: { dataDir: '/flag' } });
});

for (const [title, argv, message] of USAGE_ERRORS) {
  test(`refuses ${title} with exit code 2: ${argv.join(' ')}`, () => {
    const parsed = parseArgs(argv, context);
    assert.equal(parsed.kind, 'exit');
    if (parsed.kind !== 'exit') return;
    assert.equal(parsed.exitCode, 2);
    assert.equal(parsed.stdout, '');
    assert.match(parsed.stderr, message);
  });
}

for (const [argv, text] of HELP_AND_VERSION) {
  test(`prints ${argv.join(' ')} on stdout with exit code 0`, () => {
    const parsed = parseArgs(argv, context);
    assert.equal(parsed.kind, 'exit');
    if (parsed.kind !== 'exit') return;
    assert.equal(parsed.exitCode, 0);
    assert.match(parsed.stdout, text);
    assert.equal(parsed.stderr, '');
  });
}
