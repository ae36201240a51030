import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withCliReference } from '../../app/headless/cli/cli-reference.ts';

test('docs/cli.md’s CLI reference is the parser’s own --help (npm run docs:cli regenerates it)', () => {
  const reference = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
  assert.equal(withCliReference(reference), reference, 'docs/cli.md is out of date: run `npm run docs:cli`');
});
