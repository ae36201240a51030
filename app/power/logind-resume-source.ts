import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ResumeListeners, type ResumeSource } from './resume-source.ts';

const PREPARE_FOR_SLEEP = "type='signal',interface='org.freedesktop.login1.Manager',member='PrepareForSleep'";

/**
 * logind announces sleep with PrepareForSleep(true) and wake-up with PrepareForSleep(false) on the system
 * bus. `dbus-monitor` (Debian's dbus-bin, present wherever D-Bus is) subscribes for us and prints each
 * signal, so no D-Bus client library is needed.
 */
export class LogindResumeSource implements ResumeSource {
  readonly kind = 'logind PrepareForSleep';
  readonly #listeners = new ResumeListeners();
  readonly #monitor: ChildProcess;
  readonly exited: Promise<void>;

  /** `busAddress` picks a bus other than the system bus (tests run a private one). */
  constructor(busAddress?: string) {
    const bus = busAddress ? ['--address', busAddress] : ['--system'];
    this.#monitor = spawn('dbus-monitor', [...bus, PREPARE_FOR_SLEEP], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#monitor.unref();
    this.exited = new Promise((resolve) => {
      this.#monitor.once('exit', () => resolve());
      this.#monitor.once('error', () => resolve());
    });
    let inPrepareForSleep = false;
    const lines = createInterface({ input: this.#monitor.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('signal ')) {
        inPrepareForSleep = line.includes('member=PrepareForSleep');
      } else if (inPrepareForSleep && /^\s*boolean false/.test(line)) {
        inPrepareForSleep = false;
        this.#listeners.notify();
      }
    });
    (this.#monitor.stdout as NodeJS.ReadableStream & { unref?: () => void }).unref?.();
  }

  onResume(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  close(): void {
    this.#listeners.clear();
    this.#monitor.kill();
  }
}
