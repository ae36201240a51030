import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { shouldAlert } from '../../app/host/failure-alert-rule.ts';
import {
  gvInt32,
  gvString,
  gvStringArray,
  gvUint32,
  gvVardict,
} from '../../app/os/notifications/gvariant-text.ts';
import type { RunOutcome } from '../../app/store/records.ts';

test('failure alerts: told once when the streak reaches the setting, again only after a success', () => {
  const F: RunOutcome = 'failed';
  const T: RunOutcome = 'timed-out';
  const S: RunOutcome = 'success';
  const rows: [string, Parameters<typeof shouldAlert>[0], ReturnType<typeof shouldAlert>][] = [
    ['two failures of three', { outcome: F, alerted: false, threshold: 3, recent: [F, F] }, 'unchanged'],
    ['the third failure in a row', { outcome: F, alerted: false, threshold: 3, recent: [F, F, F] }, 'alert'],
    ['time-outs count as failures', { outcome: T, alerted: false, threshold: 3, recent: [T, F, T] }, 'alert'],
    [
      'a success inside the window',
      { outcome: F, alerted: false, threshold: 3, recent: [F, F, S] },
      'unchanged',
    ],
    [
      'already told about this streak',
      { outcome: F, alerted: true, threshold: 3, recent: [F, F, F] },
      'unchanged',
    ],
    [
      'a success after an alert clears it',
      { outcome: S, alerted: true, threshold: 3, recent: [S, F, F] },
      'clear',
    ],
    ['a success with nothing told', { outcome: S, alerted: false, threshold: 3, recent: [S] }, 'unchanged'],
    ['off (0) never alerts', { outcome: F, alerted: false, threshold: 0, recent: [] }, 'unchanged'],
    ['a setting of 1 alerts at once', { outcome: F, alerted: false, threshold: 1, recent: [F] }, 'alert'],
  ];
  for (const [name, streak, expected] of rows) assert.equal(shouldAlert(streak), expected, name);
});

/** GLib's own GVariant text parser (the one `gdbus call` uses), through python3-gi: the value it reads back. */
function parsedByGlib(text: string): unknown {
  const script =
    'from gi.repository import GLib; import sys, json; print(json.dumps(GLib.Variant.parse(None, sys.argv[1], None, None).unpack()))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, text]).toString());
}

test('GVariant text: what GLib parses back is exactly what the app wrote, whatever the characters', () => {
  const hostile = `it's a \\ "test"\n\u0007\u0085 -x <b>bold</b> ünïcödé 🎉 \u{7f}`;
  assert.equal(parsedByGlib(gvString(hostile)), hostile);
  assert.ok(gvString('-x').startsWith("'"), 'never starts with "-" (an option to gdbus)');
  assert.deepEqual(parsedByGlib(gvStringArray(['default', "it's"])), ['default', "it's"]);
  assert.deepEqual(parsedByGlib(gvStringArray([])), []);
  assert.deepEqual(
    parsedByGlib(gvVardict({ urgency: 'byte 2', 'suppress-sound': 'true', x: gvString("'") })),
    {
      urgency: 2,
      'suppress-sound': true,
      x: "'",
    },
  );
  assert.deepEqual(parsedByGlib(gvVardict({})), {});
  assert.equal(parsedByGlib(gvUint32(-5)), 0);
  assert.equal(parsedByGlib(gvUint32(2 ** 40)), 0xffff_ffff);
  assert.equal(parsedByGlib(gvInt32(-1)), -1);
});
