import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderApps } from '../../app/headless/cli/render-apps.ts';
import { renderRuns } from '../../app/headless/cli/render-runs.ts';
import { renderSyncs } from '../../app/headless/cli/render-syncs.ts';
import type { SyncSummary } from '../../app/host/host-operations.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { memoryRun } from './helpers/memory-operations.ts';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;

test('apps: id, name, origin, paused, muted and the badge', () => {
  const paused = {
    ...fixtureAppRecord('https://mail.example', 'Mail'),
    paused: true,
    notificationsMuted: true,
    badge: 'flag' as const,
  };
  const counted = { ...fixtureAppRecord('https://news.example', 'News'), badge: 12 };
  assert.equal(
    renderApps([counted, paused]),
    [
      'ID        NAME  ORIGIN                PAUSED  MUTED  BADGE',
      'app-news  News  https://news.example  no      no     12',
      'app-mail  Mail  https://mail.example  yes     yes    •',
      '',
    ].join('\n'),
  );
  assert.equal(renderApps([]), 'No apps installed.\n');
});

test('syncs: kind, intervals, the next firing (a one-off sync’s attempt) relative to now and the last outcome', () => {
  const sync: SyncSummary = {
    kind: 'periodic',
    appId: 'app-news',
    appName: 'News',
    scope: 'https://news.example/',
    tag: 'get-latest-news',
    minIntervalMs: MINUTE,
    effectiveIntervalMs: 15 * MINUTE,
    nextDueAt: NOW + 14 * MINUTE,
    firing: false,
    paused: false,
    lastOutcome: 'success',
    lastCompletedAt: NOW - 3 * 60 * MINUTE,
  };
  const oneOff: SyncSummary = {
    kind: 'one-off',
    appId: 'app-news',
    appName: 'News',
    scope: 'https://news.example/',
    tag: 'outbox',
    attemptsMade: 1,
    maxAttempts: 3,
    nextDueAt: NOW + 5 * MINUTE,
    firing: false,
    paused: false,
    lastOutcome: 'failed',
    lastCompletedAt: NOW,
    lastError: 'TypeError: Failed to fetch',
  };
  const lines = renderSyncs(
    [
      sync,
      { ...sync, tag: 'inbox', firing: true, lastOutcome: null, lastCompletedAt: null },
      { ...sync, tag: 'weather', paused: true, lastOutcome: 'failed' },
      oneOff,
    ],
    NOW,
  ).split('\n');
  assert.match(lines[0] ?? '', /^APP\s+KIND\s+SCOPE\s+TAG\s+MIN INTERVAL\s+EVERY\s+NEXT\s+LAST OUTCOME$/);
  assert.match(
    lines[1] ?? '',
    /^News\s+periodic\s+https:\/\/news\.example\/\s+get-latest-news\s+1 min\s+15 min\s+in 14 min\s+success, 3 h ago$/,
  );
  assert.match(lines[2] ?? '', /inbox\s+1 min\s+15 min\s+firing now\s+never run$/);
  assert.match(lines[3] ?? '', /weather\s+1 min\s+15 min\s+paused\s+failed, 3 h ago$/);
  assert.match(
    lines[4] ?? '',
    /^News\s+one-off\s+\S+\s+outbox\s+-\s+once\s+in 5 min \(attempt 2 of 3\)\s+failed, now$/,
  );
  assert.equal(renderSyncs([], NOW), 'No periodic sync registrations or pending one-off syncs.\n');
});

test('runs: when, app name, tag, trigger, outcome, duration, what it notified and a one-line error', () => {
  const ok = {
    ...memoryRun('app-news', 'get-latest-news'),
    startedAt: NOW - 5 * MINUTE,
    notifications: [{ id: 1, title: 'Fresh\nnews', tag: 'news', shown: true }],
  };
  const failed = {
    ...ok,
    id: 2,
    trigger: 'retry' as const,
    outcome: 'failed' as const,
    error: 'fetch failed:\n  ECONNREFUSED',
    durationMs: 2500,
  };
  const running = {
    ...ok,
    id: 3,
    outcome: null,
    durationMs: null,
    endedAt: null,
    startedAt: NOW,
    notifications: [],
  };
  const lastTry = {
    ...failed,
    id: 4,
    kind: 'one-off' as const,
    tag: 'outbox',
    attempt: 3,
    maxAttempts: 3,
    lastChance: true,
    notifications: [],
  };
  const lines = renderRuns([running, failed, ok, lastTry], NOW).split('\n');
  assert.match(
    lines[0] ?? '',
    /^WHEN\s+APP\s+KIND\s+TAG\s+TRIGGER\s+ATTEMPT\s+OUTCOME\s+DURATION\s+NOTIFIED\s+ERROR$/,
  );
  assert.match(lines[1] ?? '', /^now\s+News\s+periodic\s+get-latest-news\s+manual\s+0\s+running\s+-\s+-$/);
  assert.match(
    lines[2] ?? '',
    /^5 min ago\s+News\s+periodic\s+get-latest-news\s+retry\s+0\s+failed\s+2\.5 s\s+Fresh news\s+fetch failed: ECONNREFUSED$/,
  );
  assert.match(
    lines[3] ?? '',
    /^5 min ago\s+News\s+periodic\s+get-latest-news\s+manual\s+0\s+success\s+120 ms\s+Fresh news$/,
  );
  assert.match(
    lines[4] ?? '',
    /^5 min ago\s+News\s+one-off\s+outbox\s+retry\s+3 of 3, last chance\s+failed\s+2\.5 s\s+-\s+fetch failed: ECONNREFUSED$/,
  );
  assert.equal(renderRuns([], NOW), 'No runs recorded.\n');
});
