/** The browser-on-demand policy as a table: when the browser runs, and when the answer changes by itself. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BrowserDemandInput, shouldBrowserRun } from '../../app/engine/browser-demand.ts';

const NOW = 1_000_000;
const IDLE = 5 * 60_000;
const LEAD = 10_000;

const base: BrowserDemandInput = {
  now: NOW,
  nextDueAt: undefined,
  idleMs: IDLE,
  openPages: 0,
  eventsInFlight: 0,
  pendingOps: 0,
  running: true,
  lastUsedAt: undefined,
  startLeadMs: LEAD,
};

const cases: [string, Partial<BrowserDemandInput>, { run: boolean; reconsiderAt: number | undefined }][] = [
  ['nothing registered, unused: stops', {}, { run: false, reconsiderAt: undefined }],
  ['browser-idle off: always runs', { idleMs: null }, { run: true, reconsiderAt: undefined }],
  [
    'browser-idle off while stopped: starts',
    { idleMs: null, running: false },
    { run: true, reconsiderAt: undefined },
  ],
  ['an app page open: runs', { openPages: 1 }, { run: true, reconsiderAt: undefined }],
  ['an event in flight: runs', { eventsInFlight: 2 }, { run: true, reconsiderAt: undefined }],
  ['a command holds it: runs', { pendingOps: 1 }, { run: true, reconsiderAt: undefined }],
  [
    'a command holds a stopped browser: starts',
    { pendingOps: 1, running: false },
    { run: true, reconsiderAt: undefined },
  ],
  [
    'next event within the idle window: stays',
    { nextDueAt: NOW + IDLE },
    { run: true, reconsiderAt: undefined },
  ],
  [
    'next event past the idle window: stops, starts again at the lead',
    { nextDueAt: NOW + IDLE + 1 },
    { run: false, reconsiderAt: NOW + IDLE + 1 - LEAD },
  ],
  [
    'used within the idle window, nothing due soon: stays until the window ends',
    { lastUsedAt: NOW - 1000, nextDueAt: NOW + 3_600_000 },
    { run: true, reconsiderAt: NOW - 1000 + IDLE },
  ],
  [
    'last use a whole window ago: stops',
    { lastUsedAt: NOW - IDLE, nextDueAt: NOW + 3_600_000 },
    { run: false, reconsiderAt: NOW + 3_600_000 - LEAD },
  ],
  [
    'stopped, next event within the idle window but past the lead: stays stopped until the lead',
    { running: false, nextDueAt: NOW + 60_000 },
    { run: false, reconsiderAt: NOW + 60_000 - LEAD },
  ],
  [
    'stopped, next event within the lead: starts',
    { running: false, nextDueAt: NOW + LEAD },
    { run: true, reconsiderAt: undefined },
  ],
  [
    'stopped, next event overdue: starts',
    { running: false, nextDueAt: NOW - 5000 },
    { run: true, reconsiderAt: undefined },
  ],
  ['stopped, nothing registered: stays stopped', { running: false }, { run: false, reconsiderAt: undefined }],
  [
    'an idle window shorter than the lead: a browser started at the lead stays for its event',
    { idleMs: 2000, nextDueAt: NOW + LEAD },
    { run: true, reconsiderAt: undefined },
  ],
  [
    'idle window 0: stops as soon as nothing uses it',
    { idleMs: 0, lastUsedAt: NOW, nextDueAt: NOW + 60_000 },
    { run: false, reconsiderAt: NOW + 60_000 - LEAD },
  ],
];

for (const [name, input, expected] of cases) {
  test(`shouldBrowserRun: ${name}`, () => {
    assert.deepEqual(shouldBrowserRun({ ...base, ...input }), expected);
  });
}

test('shouldBrowserRun: the default lead applies when none is given', () => {
  const { startLeadMs: _lead, ...withoutLead } = base;
  const decision = shouldBrowserRun({ ...withoutLead, nextDueAt: NOW + IDLE * 2 });
  assert.equal(decision.run, false);
  assert.ok(decision.reconsiderAt !== undefined && decision.reconsiderAt < NOW + IDLE * 2);
});
