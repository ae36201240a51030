/**
 * One-off Background Sync for real, the way the periodic connectivity test does it: a `serve` host in a
 * network namespace of its own, following the OS's routes, while the test takes that namespace's network
 * down and up from outside. A sync registered offline does not fire; once the network is back, its event
 * starts within 5 s.
 *
 * Needs root (or CAP_SYS_ADMIN + CAP_NET_ADMIN) and /usr/bin/chromium; fails, saying so, without them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunRecord } from '../../app/store/records.ts';
import { NetnsHost } from './helpers/netns-host.ts';

/** The periodic registration the host makes is pushed far out: only the one-off syncs fire here. */
const INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How long a sync registered offline must stay unfired. */
const OFFLINE_HOLD_MS = 3000;

describe('serve in a network namespace: a one-off sync waits for the network and fires when it is back', () => {
  let netns: NetnsHost;

  before(async () => {
    netns = await NetnsHost.start(INTERVAL_MS);
  });

  after(() => netns?.stop());

  /** Takes the network down, registers `tag` offline, holds, brings the network back; returns the delay. */
  async function registeredOfflineThenOnline(down: () => void, up: () => void, tag: string, what: string) {
    const { host } = netns;
    const { from } = await netns.takeDown(down, what);
    host.process.stdin.write(`SYNC ${tag}\n`);
    await host.waitFor(
      'the registration',
      (text) => text === `SYNC-REGISTERED ${tag}` || text.startsWith(`SYNC-REGISTERED ${tag} `),
      5000,
      from,
    );
    await sleep(OFFLINE_HOLD_MS);
    assert.deepEqual(
      host.lines.slice(from).filter((line) => line.text.startsWith(`SYNC-EVENT ${tag} `)),
      [],
      `nothing may fire while offline (${what})`,
    );

    const cameBack = await netns.bringBack(up, what, {
      handler: 'one-off sync handler',
      starts: (text) => text.startsWith(`SYNC-EVENT ${tag} `),
    });
    const runLine = await host.waitFor(
      'the run to finish',
      (text) => text.startsWith('RUN ') && (JSON.parse(text.slice(4)) as RunRecord).tag === tag,
      30_000,
      cameBack,
    );
    const run = JSON.parse(runLine.text.slice(4)) as RunRecord;
    assert.deepEqual(
      [run.kind, run.attempt, run.lastChance, run.outcome],
      ['one-off', 1, false, 'success'],
      runLine.text,
    );
  }

  test('registered with the cable pulled: nothing fires; plugged back: the sync fires within 5 s', async () => {
    assert.ok(
      netns.host.lines.some((line) => line.text.startsWith('CONNECTIVITY true ')),
      'the host starts online',
    );
    await registeredOfflineThenOnline(
      () => netns.lab.pullCable(),
      () => netns.lab.plugCable(),
      'outbox-cable',
      'the cable was pulled',
    );
  });

  test('registered with the interface down: nothing fires; up with its default route: fires within 5 s', async () => {
    await registeredOfflineThenOnline(
      () => netns.lab.interfaceDown(),
      () => netns.lab.interfaceUp(),
      'outbox-interface',
      'the interface went down',
    );
  });
});
