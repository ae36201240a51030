import { rethrowListenerError, TypedEmitter } from '../../app/base/typed-emitter.ts';
import { withTimeout } from '../../app/base/wait.ts';
import type {
  BrowserDemand,
  DispatchOutcome,
  DispatchRequest,
  Engine,
  EngineHost,
  EngineState,
  NotificationEventRequest,
  SyncDispatchRequest,
} from '../../app/engine/engine-port.ts';
import { abandonedOutcome, WorkerNotFoundError } from '../../app/engine/engine-port.ts';

export type Behaviour = (request: DispatchRequest | SyncDispatchRequest) => Promise<DispatchOutcome>;

export interface DispatchRecord {
  /** periodicsync, or a one-off sync (which has `lastChance`). */
  kind: 'periodic' | 'one-off';
  scope: string;
  tag: string;
  lastChance?: boolean;
  timeLimitMs: number;
  /** Real time (Date.now()) when the engine was handed the event. */
  receivedAt: number;
}

/**
 * The engine-port test double: an in-memory "browser" whose workers react to tags the way the contract
 * suite's fixture app does ("fail", "hang", "slow-<ms>", anything else succeeds). Tests may swap the
 * behaviour to hold events open.
 */
export class TestEngine implements Engine {
  readonly name = 'test';
  host: EngineHost | undefined;
  readonly workers = new Set<string>();
  readonly dispatches: DispatchRecord[] = [];
  readonly running = new Set<string>();
  behaviour: Behaviour = conventionalBehaviour;
  stopped = false;
  /** What the core's schedule reported (`setDemand`), oldest first. */
  readonly demands: BrowserDemand[] = [];
  /** `ensureRunning()` holds not yet released. */
  holds = 0;
  #state: EngineState = { status: 'running' };
  readonly #events = new TypedEmitter<{ state: EngineState; dispatch: DispatchRecord }>(rethrowListenerError);

  constructor(scopes: string[] = []) {
    for (const scope of scopes) this.workers.add(scope);
  }

  async start(host: EngineHost): Promise<void> {
    this.host = host;
  }

  state(): EngineState {
    return this.#state;
  }

  onStateChange(listener: (state: EngineState) => void): () => void {
    return this.#events.on('state', listener);
  }

  /** The "browser" went away or came back, as the Chromium engine reports it. */
  setState(state: EngineState): void {
    this.#state = state;
    this.#events.emit('state', state);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** The "browser" always runs: the demand is only recorded. */
  setDemand(demand: BrowserDemand): void {
    this.demands.push(demand);
  }

  async ensureRunning(): Promise<void> {
    this.holds += 1;
  }

  release(): void {
    this.holds -= 1;
  }

  async ensureWorkerRunning(scope: string): Promise<void> {
    if (!this.workers.has(scope)) throw new WorkerNotFoundError(scope);
    this.running.add(scope);
  }

  dispatchPeriodicSync(request: DispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatch(request, { kind: 'periodic' });
  }

  /** A one-off sync: the same worker behaviour by tag, recorded with its `lastChance`. */
  dispatchSync(request: SyncDispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatch(request, { kind: 'one-off', lastChance: request.lastChance });
  }

  #dispatch(
    request: DispatchRequest | SyncDispatchRequest,
    kind: Pick<DispatchRecord, 'kind' | 'lastChance'>,
  ): Promise<DispatchOutcome> {
    const record: DispatchRecord = {
      ...kind,
      scope: request.scope,
      tag: request.tag,
      timeLimitMs: request.timeLimitMs,
      receivedAt: Date.now(),
    };
    this.dispatches.push(record);
    this.#events.emit('dispatch', record);
    if (request.signal.aborted) return Promise.resolve(abandonedOutcome(request.signal.reason));
    return this.behaviour(request);
  }

  /** Notification clicks and dismissals handed to the engine, oldest first. */
  readonly notificationEvents: NotificationEventRequest[] = [];

  /** Like the fixture worker: a notification tagged "fail" has a handler that rejects. */
  async dispatchNotificationEvent(request: NotificationEventRequest): Promise<DispatchOutcome> {
    this.notificationEvents.push(request);
    if (request.signal.aborted) return abandonedOutcome(request.signal.reason);
    if (request.scope !== null && !this.workers.has(request.scope))
      return { status: 'failed', error: `No service worker is registered for the scope ${request.scope}.` };
    if (request.notification.options.tag === 'fail')
      return { status: 'failed', error: 'Error: the handler rejected (fixture "fail")' };
    return { status: 'success' };
  }

  /** Resolves at the next dispatch. */
  nextDispatch(): Promise<DispatchRecord> {
    return new Promise((resolve) => {
      const stop = this.#events.on('dispatch', (record) => {
        stop();
        resolve(record);
      });
    });
  }

  stopWorkers(): void {
    this.running.clear();
  }

  /** The browser reports the worker registration gone, with no `unregister()` from the app (a lost profile). */
  removeWorker(scope: string): void {
    this.workers.delete(scope);
    this.host?.workerRegistrationGone(scope);
  }

  /** The app called `registration.unregister()`: the shim says so, then the browser reports it gone. */
  unregisterWorker(scope: string): void {
    this.host?.workerUnregistered({ origin: new URL(scope).origin, scope });
    this.removeWorker(scope);
  }

  tagsDispatched(): string[] {
    return this.dispatches.map((record) => record.tag);
  }
}

/**
 * Like the fixture's worker: "hang" never settles, so only the host giving up (the signal) ends it; a sync
 * tagged "last-chance-<true|false>" succeeds only when its lastChance is that.
 */
export async function conventionalBehaviour(
  request: DispatchRequest | SyncDispatchRequest,
): Promise<DispatchOutcome> {
  if (request.tag === 'fail')
    return { status: 'failed', error: 'Error: the handler rejected (fixture "fail")' };
  const expected = /^last-chance-(true|false)$/.exec(request.tag);
  if (expected && 'lastChance' in request && String(request.lastChance) !== expected[1])
    return { status: 'failed', error: `Error: lastChance was ${request.lastChance}` };
  const slow = /^slow-(\d+)$/.exec(request.tag);
  const waitMs = request.tag === 'hang' ? undefined : slow ? Number(slow[1]) : 0;
  if (waitMs === 0) return { status: 'success' };
  const abandoned = new Promise<DispatchOutcome>((resolve) => {
    const giveUp = () => resolve(abandonedOutcome(request.signal.reason));
    if (request.signal.aborted) giveUp();
    else request.signal.addEventListener('abort', giveUp, { once: true });
  });
  if (waitMs === undefined) return abandoned;
  return withTimeout(abandoned, waitMs, (): DispatchOutcome => ({ status: 'success' }));
}

/** A behaviour whose events stay open until the test settles them. */
export function heldBehaviour(): {
  behaviour: Behaviour;
  release(outcome?: DispatchOutcome): void;
} {
  const waiting: ((outcome: DispatchOutcome) => void)[] = [];
  return {
    behaviour: (request) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        request.signal.addEventListener('abort', () => resolve(abandonedOutcome(request.signal.reason)));
      }),
    release(outcome = { status: 'success' }) {
      const next = waiting.shift();
      if (!next) throw new Error('no event is being held');
      next(outcome);
    },
  };
}
