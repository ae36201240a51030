import type { EngineFacts, ShimEndpoint, ShimSender } from '../engine/shim-endpoint.ts';
import { parseShimMessage, type ShimCall, type ShimMessage } from '../engine/shim-messages.ts';
import type { Logger } from '../logging/logger.ts';
import type { PageInvokeEvent } from './electron-surface.ts';
import type { KnownVersion } from './worker-versions.ts';

export interface ShimIpcOptions {
  endpoint: ShimEndpoint;
  logger: Logger;
  /** Origins of the apps session's open top-level pages. */
  topLevelOrigins(): string[];
  /**
   * Whether the registration of `scope` has an active worker. Electron has no query for it but starting
   * that worker (`startWorkerForScope` starts only an active one), so it is asked only when a page's
   * `register()` needs the answer.
   */
  hasActiveWorker(scope: string): Promise<boolean>;
  /** A worker finished an event (`eventDone`): the engine settles it if the event was sent to it. */
  onEventDone(version: KnownVersion, message: Extract<ShimMessage, { type: 'eventDone' }>): void;
}

/**
 * Answers the shim's IPC messages. The caller is who Electron says sent the message — the worker version
 * whose `ServiceWorkerMain.ipc` received it (its registration's scope), or the `senderFrame` of a page's
 * invoke (its origin) — never what the message says. Every message is JSON text parsed with the shim
 * protocol's schemas; anything else is dropped and logged. The answer (a reply, or null) is JSON text.
 */
export class ShimIpc {
  readonly #options: ShimIpcOptions;

  constructor(options: ShimIpcOptions) {
    this.#options = options;
  }

  /** A message on a worker version's `ipc.handle` of the shim channel (its scope as Electron gave it). */
  fromWorker(version: KnownVersion, payload: unknown): string | null {
    const message = this.#parse(payload, { scope: version.scope, versionId: version.worker.versionId });
    if (!message) return null;
    if (message.type === 'eventDone') {
      this.#options.onEventDone(version, message);
      return null;
    }
    const sender: ShimSender = {
      kind: 'worker',
      origin: URL.parse(version.scriptURL)?.origin ?? 'null',
      registrationScope: version.scope,
    };
    if (message.type === 'overBudget') {
      this.#options.endpoint.refusedByShim(sender, message.method);
      return null;
    }
    // The answer to `ready` is the worker's Notification.permission (it is synchronous: the shim keeps it).
    if (message.type === 'ready') return JSON.stringify(this.#options.endpoint.stateFor(sender));
    return JSON.stringify(this.#options.endpoint.answer(sender, message, this.#facts(undefined)));
  }

  /** A page's invoke of the shim channel (frames of the apps session only: the surface refuses others). */
  async fromPage(event: PageInvokeEvent, payload: unknown): Promise<string | null> {
    const frameOrigin = event.senderFrame?.origin;
    const message = this.#parse(payload, { frameOrigin });
    const sender: ShimSender = { kind: 'page', frameOrigin, frameUrl: event.senderFrame?.url };
    if (message?.type === 'ready') return JSON.stringify(this.#options.endpoint.stateFor(sender));
    if (message?.type === 'overBudget') {
      this.#options.endpoint.refusedByShim(sender, message.method);
      return null;
    }
    // Only workers finish events; a page saying so is ignored.
    if (message?.type !== 'call') return null;
    const activeScope = await this.#activeScopeFor(frameOrigin, message);
    return JSON.stringify(this.#options.endpoint.answer(sender, message, this.#facts(activeScope)));
  }

  /**
   * The scope a page's `register()` (periodic or one-off) names, if its registration has an active worker. Asked only for a scope
   * of the page's own origin: anything else is refused by the endpoint before the worker check, and must
   * not start another origin's worker.
   */
  async #activeScopeFor(frameOrigin: string | undefined, call: ShimCall): Promise<string | undefined> {
    if ((call.method !== 'register' && call.method !== 'syncRegister') || !frameOrigin) return undefined;
    const { scope } = call.params;
    if (URL.parse(scope)?.origin !== frameOrigin) return undefined;
    return (await this.#options.hasActiveWorker(scope)) ? scope : undefined;
  }

  #facts(activeScope: string | undefined): EngineFacts {
    return {
      hasActiveWorker: (scope) => scope === activeScope,
      hasWindowClient: (origin) => this.#options.topLevelOrigins().includes(origin),
    };
  }

  #parse(payload: unknown, from: Record<string, unknown>): ShimMessage | undefined {
    const message = typeof payload === 'string' ? parseShimMessage(payload) : undefined;
    if (!message) {
      this.#options.logger.warn(
        { ...from, length: typeof payload === 'string' ? payload.length : typeof payload },
        'ignored a malformed message from a page or worker',
      );
    }
    return message;
  }
}
