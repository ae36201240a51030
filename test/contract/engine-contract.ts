import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller, Engine, EngineHost } from '../../app/engine/engine-port.ts';
import { WorkerNotFoundError } from '../../app/engine/engine-port.ts';
import { HostError } from '../../app/sync/errors.ts';
import { waitFor } from '../helpers/settle.ts';

/** An EngineHost that records what the engine reports and grants the fixture origin. */
export class RecordingEngineHost implements EngineHost {
  readonly gone: string[] = [];
  readonly registered: { caller: Caller; tag: string; minInterval: unknown }[] = [];
  readonly #grantedOrigins: Set<string>;

  constructor(grantedOrigins: string[]) {
    this.#grantedOrigins = new Set(grantedOrigins);
  }

  register(caller: Caller, tag: string, minInterval: unknown): void {
    this.registered.push({ caller, tag, minInterval });
  }

  unregister(): void {}

  getTags(caller: Caller): string[] {
    return this.registered.filter((entry) => entry.caller.scope === caller.scope).map((entry) => entry.tag);
  }

  isPermissionGranted(origin: string): boolean {
    return this.#grantedOrigins.has(origin);
  }

  workerRegistrationGone(scope: string): void {
    this.gone.push(scope);
  }
}

/**
 * What an adapter provides to run the contract: a started engine whose profile has a worker registered
 * for `scope` that handles periodicsync by tag ("fail" rejects, "hang" never settles, "slow-<ms>" waits,
 * anything else succeeds), and a way to make that worker registration disappear.
 */
export interface EngineFixture {
  engine: Engine;
  host: RecordingEngineHost;
  scope: string;
  /** A scope on the same origin with no worker registered. */
  missingScope: string;
  /** Stops the fixture's workers, so the next dispatch starts them cold. */
  stopWorkers(): Promise<void>;
  /** Unregisters the fixture's worker registration the way a page would. */
  unregisterWorker(): Promise<void>;
  teardown(): Promise<void>;
}

/** The engine port's contract: every adapter that can run here runs this suite. */
export function describeEngineContract(name: string, setup: () => Promise<EngineFixture>): void {
  describe(`engine contract: ${name}`, { timeout: 120_000 }, () => {
    let fixture: EngineFixture;
    /** Starts the fixture's worker if needed and fires `tag` in it. */
    const fire = async (tag: string, timeLimitMs = 10_000, abort = new AbortController().signal) => {
      await fixture.engine.ensureWorkerRunning(fixture.scope);
      return fixture.engine.dispatchPeriodicSync({ scope: fixture.scope, tag, timeLimitMs, signal: abort });
    };
    before(async () => {
      fixture = await setup();
    });
    after(async () => {
      await fixture.teardown();
    });

    test('ensureWorkerRunning resolves for a registered scope', async () => {
      await fixture.engine.ensureWorkerRunning(fixture.scope);
    });

    test('ensureWorkerRunning rejects with WorkerNotFoundError for a scope with no worker', async () => {
      await assert.rejects(fixture.engine.ensureWorkerRunning(fixture.missingScope), WorkerNotFoundError);
    });

    test('a handler that settles reports success', async () => {
      const outcome = await fire('get-latest-news');
      assert.deepEqual(outcome, { status: 'success' });
    });

    test('a rejected waitUntil reports failed with the reason', async () => {
      const outcome = await fire('fail');
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', /reject/i);
    });

    test('waitUntil time counts: a 1.5 s task lasts at least 1.5 s', async () => {
      const started = performance.now();
      const outcome = await fire('slow-1500');
      assert.equal(outcome.status, 'success');
      assert.ok(performance.now() - started >= 1500, 'the event ended before its waitUntil promise settled');
    });

    test('the engine judges no time limit: a handler past timeLimitMs runs on until the host gives up', async () => {
      const controller = new AbortController();
      const pending = fire('hang', 100, controller.signal);
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(settled, false, 'the engine ended the event on its own clock');
      controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
      assert.deepEqual(await pending, {
        status: 'abandoned',
        error: 'The host gave up on the event: The event reached its time limit.',
      });
    });

    test('an aborted dispatch resolves as abandoned instead of waiting for the handler', async () => {
      const controller = new AbortController();
      const pending = fire('hang', 60_000, controller.signal);
      setTimeout(() => controller.abort(new HostError('shutdown', 'The host is stopping.')), 200);
      assert.deepEqual(await pending, {
        status: 'abandoned',
        error: 'The host gave up on the event: The host is stopping.',
      });
    });

    test('a dispatch whose signal is already aborted is abandoned at once', async () => {
      const controller = new AbortController();
      controller.abort(new HostError('shutdown', 'The host is stopping.'));
      assert.deepEqual(await fire('get-latest-news', 10_000, controller.signal), {
        status: 'abandoned',
        error: 'The host gave up on the event: The host is stopping.',
      });
    });

    test('a completion that arrived before the host gave up wins', async () => {
      const controller = new AbortController();
      const pending = fire('slow-300', 10_000, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
      assert.deepEqual(await pending, { status: 'success' });
    });

    test('a stopped worker is started again for the next event (cold start)', async () => {
      await fixture.stopWorkers();
      const outcome = await fire('after-cold-start');
      assert.deepEqual(outcome, { status: 'success' });
    });

    test('a worker registration that goes away is reported to the host', async () => {
      await fixture.unregisterWorker();
      await waitFor('workerRegistrationGone', () => fixture.host.gone.includes(fixture.scope));
      await assert.rejects(fixture.engine.ensureWorkerRunning(fixture.scope), WorkerNotFoundError);
    });
  });
}
