import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logSentence } from '../../app/logging/log-sentence.ts';

test('log records read as sentences: level, message, and the cause they carry', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ level: 30, msg: 'PWA Host is serving' }, 'PWA Host is serving.'],
    [
      { level: 40, msg: 'gdbus monitor exited, so clicks on notifications are no longer received', code: 1 },
      'Warning: Gdbus monitor exited, so clicks on notifications are no longer received.',
    ],
    [
      {
        level: 40,
        msg: 'the badge could not be shown',
        err: { type: 'Error', message: 'gdbus emit: no bus\nstack' },
      },
      'Warning: The badge could not be shown (gdbus emit: no bus).',
    ],
    [
      { level: 50, msg: 'could not write the wake-up timer', error: 'EACCES: permission denied.' },
      'Error: Could not write the wake-up timer (EACCES: permission denied).',
    ],
    [
      {
        level: 40,
        msg: 'The timer is not started: no manager (Failed to connect to bus)',
        reason: 'Failed to connect to bus',
      },
      'Warning: The timer is not started: no manager (Failed to connect to bus).',
    ],
    [{ level: 40, msg: 'Is it done?' }, 'Warning: Is it done?'],
  ];
  for (const [record, sentence] of cases) assert.equal(logSentence(record), sentence);
});
