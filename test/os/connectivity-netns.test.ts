/**
 * The whole path for real: a `serve` host (headless Chromium, the news fixture app served on 127.0.0.1) in a
 * network namespace of its own, following the OS's routes with its default connectivity source, while the
 * test takes that namespace's network down and up from outside. Offline, nothing fires, even when due;
 * back online, the overdue registration fires within 5 s.
 *
 * Needs root (or CAP_SYS_ADMIN + CAP_NET_ADMIN) and /usr/bin/chromium; fails, saying so, without them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunRecord } from '../../app/store/records.ts';
import { NetnsHost } from './helpers/netns-host.ts';

const INTERVAL_MS = 3000;

const isEvent = (text: string) => text.startsWith('EVENT-STARTED ');

describe('serve in a network namespace: periodic sync follows the OS’s connectivity', () => {
  let netns: NetnsHost;
  let registered: { at: number; nextDueAt: number };

  before(async () => {
    netns = await NetnsHost.start(INTERVAL_MS);
    const line = await netns.host.waitFor('the registration', (text) => text.startsWith('REGISTERED '), 5000);
    const [, , at, nextDueAt] = line.text.split(' ');
    registered = { at: Number(at), nextDueAt: Number(nextDueAt) };
  });

  after(() => netns?.stop());

  /** Takes the network down, holds it down past the due time, brings it up; returns the overdue event's delay. */
  async function offlineThenOnline(down: () => void, up: () => void, dueAt: number, what: string) {
    const { host } = netns;
    const { from, offline } = await netns.takeDown(down, what);
    const seenOffline = host.lines.indexOf(offline);
    // The OS tells the host a moment after the network goes: an event that started in that moment is no
    // fault, and the next one is due an interval after it ended (on a loaded machine this happens).
    let due = dueAt;
    if (host.lines.slice(from, seenOffline).some((line) => isEvent(line.text))) {
      const runLine = await host.waitFor(
        'the run that started first',
        (text) => text.startsWith('RUN '),
        30_000,
        from,
      );
      const run = JSON.parse(runLine.text.slice(4)) as RunRecord;
      assert.equal(
        run.outcome,
        'success',
        `the run that started before the host saw ${what}: ${runLine.text}`,
      );
      due = (run.endedAt ?? Date.now()) + INTERVAL_MS;
    }
    // Past the due time by more than an interval: the event is overdue, and a whole period was missed.
    await sleep(Math.max(0, due + INTERVAL_MS + 500 - Date.now()));
    const whileOffline = host.lines.slice(seenOffline).filter((line) => isEvent(line.text));
    assert.deepEqual(whileOffline, [], `nothing may fire while offline (${what})`);

    const cameBack = await netns.bringBack(up, what, {
      handler: 'overdue periodicsync handler',
      starts: isEvent,
    });

    const runLine = await host.waitFor(
      'the run to finish',
      (text) => text.startsWith('RUN '),
      30_000,
      cameBack,
    );
    const run = JSON.parse(runLine.text.slice(4)) as RunRecord;
    assert.equal(run.tag, 'get-latest-news');
    assert.equal(run.outcome, 'success', `the run: ${runLine.text}`);
    assert.equal(run.trigger, 'catch-up', 'the missed period is recorded as a catch-up');
    assert.equal(
      host.lines.slice(cameBack).filter((line) => isEvent(line.text)).length,
      1,
      'one event, not one per missed period',
    );
    return run;
  }

  test('a cable pulled (the route stays, carrier lost): nothing fires; plugged back: the overdue event fires within 5 s', async () => {
    assert.ok(
      netns.host.lines.some((line) => line.text.startsWith('CONNECTIVITY true ')),
      'the host starts online',
    );
    await offlineThenOnline(
      () => netns.lab.pullCable(),
      () => netns.lab.plugCable(),
      registered.nextDueAt,
      'the cable was pulled',
    );
  });

  test('the interface taken down (its routes flushed): nothing fires; up with its default route: fires within 5 s', async () => {
    // The previous event just finished: the next is due one interval after it ended.
    const previous = netns.host.lines.filter((line) => line.text.startsWith('RUN ')).at(-1);
    const ended = (JSON.parse(previous?.text.slice(4) ?? '{}') as RunRecord).endedAt;
    assert.ok(ended, 'the previous run has ended');
    await offlineThenOnline(
      () => netns.lab.interfaceDown(),
      () => netns.lab.interfaceUp(),
      ended + INTERVAL_MS,
      'the interface went down',
    );
  });
});
