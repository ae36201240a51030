import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from '../../app/headless/cli/format-table.ts';

test('columns are as wide as their widest cell, two spaces apart, without trailing spaces', () => {
  const table = formatTable(
    ['ID', 'NAME', 'ERROR'],
    [
      ['app-news', 'News', ''],
      ['a', 'Mail and Calendar', 'timed out'],
    ],
  );
  assert.equal(
    table,
    [
      'ID        NAME               ERROR',
      'app-news  News',
      'a         Mail and Calendar  timed out',
      '',
    ].join('\n'),
  );
});

test('a table with no rows is just its header', () => {
  assert.equal(formatTable(['A', 'B'], []), 'A  B\n');
});
