import { TypedEmitter } from '../base/typed-emitter.ts';
import { waitUntil } from '../base/wait.ts';
import type { Logger } from '../logging/logger.ts';
import type { CdpConnection } from './cdp-connection.ts';

export type TargetType = 'page' | 'iframe' | 'service_worker' | 'worker' | 'shared_worker' | 'other' | string;

interface ExecutionContext {
  origin: string;
  frameId: string | undefined;
}

export interface AttachedTarget {
  sessionId: string;
  targetId: string;
  type: TargetType;
  url: string;
  /** Page and frame execution contexts by id (pages only). */
  contexts: Map<number, ExecutionContext>;
  /** The URL of each frame's current document, by frame id (pages only): which app a page's call is from. */
  frameUrls: Map<string, string>;
  /** The shim in this target said it is installed (workers: reset when the worker restarts). */
  shimReady: boolean;
  /** Our scripts and bindings are in place: it is safe to navigate the target. */
  primed: boolean;
}

interface AttachedToTargetEvent {
  sessionId: string;
  targetInfo: { targetId: string; type: string; url: string };
  waitingForDebugger: boolean;
}

const AUTO_ATTACH = {
  autoAttach: true,
  waitForDebuggerOnStart: true,
  flatten: true,
  filter: [
    { type: 'browser', exclude: true },
    { type: 'tab', exclude: true },
    { type: 'browser_ui', exclude: true },
    {},
  ],
};

/** Pages auto-attach their frames and dedicated workers; service workers come from the browser-level attach. */
const PAGE_AUTO_ATTACH = { ...AUTO_ATTACH, filter: [{ type: 'service_worker', exclude: true }, {}] };

/**
 * Every target the browser runs, attached before it runs any script: pages get the shim on every new
 * document, service workers get it at a breakpoint before their own script (at the debugger-on-start pause
 * their global scope is only half built). Keeps each page's execution contexts so callers can be
 * identified by origin and frame.
 */
export class TargetSessions {
  readonly #cdp: CdpConnection;
  readonly #shimSource: string;
  readonly #bindingName: string;
  readonly #logger: Logger;
  readonly #targets = new Map<string, AttachedTarget>();
  readonly #events: TypedEmitter<{ change: undefined; detach: AttachedTarget }>;

  constructor(cdp: CdpConnection, shimSource: string, bindingName: string, logger: Logger) {
    this.#cdp = cdp;
    this.#shimSource = shimSource;
    this.#bindingName = bindingName;
    this.#logger = logger;
    this.#events = new TypedEmitter((error, event) =>
      logger.error({ error: String(error), event }, 'a target listener failed'),
    );
  }

  async start(): Promise<void> {
    const cdp = this.#cdp;
    cdp.on('Target.attachedToTarget', (params) => {
      this.#attach(params as unknown as AttachedToTargetEvent).catch((error: unknown) =>
        this.#logger.debug({ error: String(error) }, 'could not prime a target (it probably went away)'),
      );
    });
    cdp.on('Target.detachedFromTarget', (params) => {
      const target = this.#targets.get(String(params.sessionId));
      if (!target) return;
      this.#targets.delete(target.sessionId);
      this.#events.emit('detach', target);
      this.#notify();
    });
    cdp.on('Runtime.executionContextCreated', (params, sessionId) => {
      const target = sessionId ? this.#targets.get(sessionId) : undefined;
      const context = params.context as { id: number; origin: string; auxData?: { frameId?: string } };
      target?.contexts.set(context.id, { origin: context.origin, frameId: context.auxData?.frameId });
      this.#notify();
    });
    cdp.on('Runtime.executionContextDestroyed', (params, sessionId) => {
      const target = sessionId ? this.#targets.get(sessionId) : undefined;
      target?.contexts.delete(Number(params.executionContextId));
      this.#notify();
    });
    cdp.on('Runtime.executionContextsCleared', (_params, sessionId) => {
      const target = sessionId ? this.#targets.get(sessionId) : undefined;
      target?.contexts.clear();
    });
    cdp.on('Page.frameNavigated', (params, sessionId) => {
      const frame = params.frame as { id: string; url: string };
      if (sessionId) this.#targets.get(sessionId)?.frameUrls.set(frame.id, frame.url);
    });
    cdp.on('Page.navigatedWithinDocument', (params, sessionId) => {
      if (sessionId) this.#targets.get(sessionId)?.frameUrls.set(String(params.frameId), String(params.url));
    });
    cdp.on('Page.frameDetached', (params, sessionId) => {
      if (sessionId) this.#targets.get(sessionId)?.frameUrls.delete(String(params.frameId));
    });
    cdp.on('Target.targetInfoChanged', (params) => {
      const info = params.targetInfo as { targetId: string; url: string };
      for (const target of this.#targets.values())
        if (target.targetId === info.targetId) target.url = info.url;
    });
    cdp.on('Debugger.paused', (params, sessionId) => {
      if (sessionId) void this.#onWorkerPaused(sessionId, String(params.reason)).catch(() => {});
    });
    cdp.on('Inspector.targetReloadedAfterCrash', (_params, sessionId) => {
      // The worker restarted while we stayed attached: it waits for us again, with a fresh global.
      const target = sessionId ? this.#targets.get(sessionId) : undefined;
      if (!target) return;
      target.shimReady = false;
      this.#notify();
      void this.#primeWorker(target.sessionId, false).catch(() => {});
    });
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    await cdp.send('Target.setAutoAttach', AUTO_ATTACH);
  }

  get(sessionId: string): AttachedTarget | undefined {
    return this.#targets.get(sessionId);
  }

  all(): AttachedTarget[] {
    return [...this.#targets.values()];
  }

  byTargetId(targetId: string): AttachedTarget | undefined {
    for (const target of this.#targets.values()) if (target.targetId === targetId) return target;
    return undefined;
  }

  markShimReady(sessionId: string): void {
    const target = this.#targets.get(sessionId);
    if (!target) return;
    target.shimReady = true;
    this.#notify();
  }

  /** The origin of a top-level page's current document, if it has one. */
  topLevelOrigin(target: AttachedTarget): string | undefined {
    if (target.type !== 'page') return undefined;
    for (const context of target.contexts.values())
      if (context.frameId === target.targetId) return context.origin;
    return undefined;
  }

  /** The URL of the document an execution context of a page belongs to, if the browser said. */
  contextUrl(target: AttachedTarget, contextId: number): string | undefined {
    const frameId = target.contexts.get(contextId)?.frameId;
    return frameId === undefined ? undefined : target.frameUrls.get(frameId);
  }

  /** Whether any top-level page (a window client) shows a document of `origin`. */
  hasTopLevelPage(origin: string): boolean {
    return this.all().some((target) => this.topLevelOrigin(target) === origin);
  }

  onChange(listener: () => void): () => void {
    return this.#events.on('change', listener);
  }

  onDetach(listener: (target: AttachedTarget) => void): () => void {
    return this.#events.on('detach', listener);
  }

  /** Resolves with the target once `predicate` holds for one, or rejects after `timeoutMs`. */
  waitFor(
    predicate: (target: AttachedTarget) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<AttachedTarget> {
    return waitUntil(() => this.all().find(predicate), {
      timeoutMs,
      onTimeout: () => {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
      },
      onChange: (recheck) => this.onChange(recheck),
    });
  }

  async #attach(event: AttachedToTargetEvent): Promise<void> {
    const { sessionId, targetInfo } = event;
    const target: AttachedTarget = {
      sessionId,
      targetId: targetInfo.targetId,
      type: targetInfo.type,
      url: targetInfo.url,
      contexts: new Map(),
      frameUrls: new Map(),
      shimReady: false,
      primed: false,
    };
    this.#targets.set(sessionId, target);
    const send = (method: string, params: object = {}) => this.#cdp.send(method, params, sessionId);
    if (target.type === 'page' || target.type === 'iframe' || target.type === 'other') {
      // Pipelined: the session runs them in order, so script and binding are in place before it proceeds.
      // Settled, not all: a target that rejects one domain (hidden "other" targets) must still be resumed.
      await Promise.allSettled([
        send('Page.enable'),
        send('Runtime.enable'),
        send('Runtime.addBinding', { name: this.#bindingName }),
        send('Page.addScriptToEvaluateOnNewDocument', { source: this.#shimSource }),
        send('Network.enable'),
        send('Target.setAutoAttach', PAGE_AUTO_ATTACH),
        send('Runtime.runIfWaitingForDebugger'),
      ]);
    } else if (target.type === 'service_worker') {
      await this.#primeWorker(sessionId, true);
    } else {
      await send('Runtime.runIfWaitingForDebugger');
    }
    target.primed = true;
    this.#notify();
  }

  async #primeWorker(sessionId: string, firstAttach: boolean): Promise<void> {
    const send = (method: string, params: object = {}) => this.#cdp.send(method, params, sessionId);
    await Promise.all([
      firstAttach ? send('Runtime.enable') : undefined,
      send('Runtime.addBinding', { name: this.#bindingName }),
      firstAttach ? send('Inspector.enable') : undefined,
      send('Debugger.enable'),
      send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptExecution' }),
      send('Runtime.runIfWaitingForDebugger'),
    ]);
  }

  async #onWorkerPaused(sessionId: string, reason: string): Promise<void> {
    const target = this.#targets.get(sessionId);
    if (target?.type !== 'service_worker') return;
    if (reason !== 'instrumentation') {
      await this.#cdp.send('Debugger.resume', {}, sessionId);
      return;
    }
    const [result] = await Promise.all([
      this.#cdp.send<{ exceptionDetails?: unknown }>(
        'Runtime.evaluate',
        { expression: this.#shimSource },
        sessionId,
      ),
      this.#cdp.send('Debugger.disable', {}, sessionId), // also resumes the worker
    ]);
    if (result.exceptionDetails) {
      this.#logger.warn(
        { url: target.url, details: result.exceptionDetails },
        'the shim threw in a service worker',
      );
    }
  }

  #notify(): void {
    this.#events.emit('change', undefined);
  }
}
