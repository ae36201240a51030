/** Chromium's view of service worker registrations and versions, kept from ServiceWorker.* events. */
import { TypedEmitter } from '../base/typed-emitter.ts';
import { waitUntil } from '../base/wait.ts';
import type { Logger } from '../logging/logger.ts';

export interface WorkerRegistrationInfo {
  registrationId: string;
  scopeURL: string;
  isDeleted: boolean;
}

export interface WorkerVersionInfo {
  versionId: string;
  registrationId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
  status: 'new' | 'installing' | 'installed' | 'activating' | 'activated' | 'redundant';
  targetId?: string;
}

export class WorkerRegistry {
  readonly #registrations = new Map<string, WorkerRegistrationInfo>();
  readonly #versions = new Map<string, WorkerVersionInfo>();
  readonly #events: TypedEmitter<{ change: undefined }>;

  constructor(logger: Logger) {
    this.#events = new TypedEmitter((error) =>
      logger.error({ error: String(error) }, 'a service worker registry listener failed'),
    );
  }

  /** Applies ServiceWorker.workerRegistrationUpdated; returns the scopes that were deleted. */
  updateRegistrations(registrations: WorkerRegistrationInfo[]): string[] {
    const deleted: string[] = [];
    for (const registration of registrations) {
      if (registration.isDeleted) {
        if (this.#registrations.delete(registration.registrationId)) deleted.push(registration.scopeURL);
        for (const [id, version] of this.#versions) {
          if (version.registrationId === registration.registrationId) this.#versions.delete(id);
        }
      } else {
        this.#registrations.set(registration.registrationId, registration);
      }
    }
    this.#notify();
    return deleted;
  }

  updateVersions(versions: WorkerVersionInfo[]): void {
    for (const version of versions) {
      if (version.status === 'redundant') this.#versions.delete(version.versionId);
      else this.#versions.set(version.versionId, version);
    }
    this.#notify();
  }

  /**
   * The origin's storage was cleared, its registrations with it. Chromium reports no deletion for a
   * registration it never stored (a first install whose worker failed), which would otherwise stay here.
   */
  forgetOrigin(origin: string): void {
    const gone = [...this.#registrations.values()].filter(
      (registration) => URL.parse(registration.scopeURL)?.origin === origin,
    );
    for (const registration of gone) {
      this.#registrations.delete(registration.registrationId);
      for (const [id, version] of this.#versions)
        if (version.registrationId === registration.registrationId) this.#versions.delete(id);
    }
    if (gone.length > 0) this.#notify();
  }

  registrationFor(scope: string): WorkerRegistrationInfo | undefined {
    for (const registration of this.#registrations.values())
      if (registration.scopeURL === scope) return registration;
    return undefined;
  }

  scopes(): string[] {
    return [...this.#registrations.values()].map((registration) => registration.scopeURL);
  }

  /** The version that handles events for `scope`: the activated (or activating) one. */
  activeVersion(scope: string): WorkerVersionInfo | undefined {
    const registration = this.registrationFor(scope);
    if (!registration) return undefined;
    let activating: WorkerVersionInfo | undefined;
    for (const version of this.#versions.values()) {
      if (version.registrationId !== registration.registrationId) continue;
      if (version.status === 'activated') return version;
      if (version.status === 'activating') activating = version;
    }
    return activating;
  }

  /**
   * Resolves once no version is activating (at once when none is), or after `timeoutMs` regardless. A
   * browser that ends while a version activates stores that version as only installed, with no active
   * version beside it: its scope then never starts a worker again.
   */
  activationsSettled(timeoutMs: number): Promise<void> {
    return waitUntil(() => ![...this.#versions.values()].some((version) => version.status === 'activating'), {
      timeoutMs,
      onTimeout: () => {},
      onChange: (recheck) => this.onChange(recheck),
    }).then(() => {});
  }

  /** The scope of the registration a worker target belongs to. */
  scopeOfTarget(targetId: string): string | undefined {
    for (const version of this.#versions.values()) {
      if (version.targetId === targetId) return this.#registrations.get(version.registrationId)?.scopeURL;
    }
    return undefined;
  }

  /** Calls `listener` after every change; returns a function that stops listening. */
  onChange(listener: () => void): () => void {
    return this.#events.on('change', listener);
  }

  #notify(): void {
    this.#events.emit('change', undefined);
  }
}
