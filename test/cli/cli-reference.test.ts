import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withCliReference } from '../../app/headless/cli/cli-reference.ts';

test('the README’s CLI reference is the parser’s own --help (npm run docs:cli regenerates it)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(withCliReference(readme), readme, 'README.md is out of date: run `npm run docs:cli`');
});
