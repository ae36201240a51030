import type { TypedEmitter } from '../base/typed-emitter.ts';
import type { Clock } from '../clock/clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import type { Engine } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { RunRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { SyncSettings } from './settings.ts';
import type { StoreHealth } from './store-health.ts';
import type { SyncEvents } from './sync-events.ts';

export interface InFlightEvent {
  /** The periodic registration's id, or the one-off sync's. */
  registrationId: number;
  manual: boolean;
  controller: AbortController;
  done: Promise<RunRecord>;
}

/** What the registration API and the dispatcher ask of the schedule (the wake planner answers). */
export interface Schedule {
  plan(): void;
  /** Plans again only when `dueAt` comes before the wake-up already set (or none is set). */
  planIfEarlier(dueAt: number): void;
}

/**
 * The state the parts of the periodic sync core share. The facade owns it and hands it to each part,
 * so the parts never hold each other.
 */
export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly engine: Engine;
  readonly connectivity: ConnectivitySource;
  readonly logger: Logger;
  readonly events: TypedEmitter<SyncEvents>;
  readonly storeHealth: StoreHealth;
  /**
   * A write went through: the store is fine again once the outcomes held back meanwhile (by either
   * dispatcher) are written too.
   */
  storeWritten(): void;
  readonly schedule: Schedule;
  settings: SyncSettings;
  /** Whether the schedule runs (between start and stop). */
  running: boolean;
  /** Events firing now, by `keyOf(scope, tag)` (periodic) or `oneOffKeyOf(scope, tag)`. */
  readonly inFlight: Map<string, InFlightEvent>;
  /** Rows created for a scope+tag whose previous registration is still firing: they wait for it to end. */
  readonly waitingForPrevious: Set<number>;
}

export function keyOf(scope: string, tag: string): string {
  return `${scope}\n${tag}`;
}

/** A one-off sync's key: no URL starts with a newline, so it never meets a periodic one's. */
export function oneOffKeyOf(scope: string, tag: string): string {
  return `\n${scope}\n${tag}`;
}

/** Online, and the browser (if the engine reports one) is running. */
export function canFire(context: CoreContext): boolean {
  return context.connectivity.isOnline() && (context.engine.state?.().status ?? 'running') === 'running';
}

/** How many more scheduled (not manual) events may run at once. */
export function freeSlots(context: CoreContext): number {
  const scheduled = [...context.inFlight.values()].filter((event) => !event.manual).length;
  return context.settings.maxConcurrentEvents - scheduled;
}

/** The earlier of two optional times. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}
