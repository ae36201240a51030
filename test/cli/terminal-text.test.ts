import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalLine, terminalText } from '../../app/headless/cli/terminal-text.ts';

test('terminalText: controls a terminal would act on become visible escapes or spaces', () => {
  const table: [string, string, string][] = [
    ['plain text and Unicode stay', 'Café 新闻 📰 News', 'Café 新闻 📰 News'],
    ['OSC retitling the window, ended by BEL', '\u001b]0;pwned\u0007App', '\\x1B]0;pwned\\x07App'],
    ['CSI clearing the screen', '\u001b[2JApp', '\\x1B[2JApp'],
    ['8-bit CSI (C1)', '\u009b31mApp', '\\x9B31mApp'],
    ['NEL, another C1', 'a\u0085b', 'a\\x85b'],
    ['DEL', 'a\u007fb', 'a\\x7Fb'],
    ['NUL and backspace', 'a\u0000\u0008b', 'a\\x00\\x08b'],
    ['right-to-left override', 'abc\u202edef', 'abc\\u202Edef'],
    ['isolates and marks', '\u2066x\u2069\u200e\u200f\u061c', '\\u2066x\\u2069\\u200E\\u200F\\u061C'],
    ['line breaks and tabs stay on one line', 'a\nb\r\nc\td\u2028e\u2029f', 'a b  c d e f'],
  ];
  for (const [what, input, expected] of table) assert.equal(terminalText(input), expected, what);
});

test('terminalLine: interpolated values are made inert, the literal text is kept', () => {
  const name = 'Evil\u001b[2J\nFAKE';
  assert.equal(terminalLine`Installed ${name} (${42}).\n`, 'Installed Evil\\x1B[2J FAKE (42).\n');
  assert.equal(terminalLine`${'only'}`, 'only');
  assert.equal(terminalLine`no values\n`, 'no values\n');
});
