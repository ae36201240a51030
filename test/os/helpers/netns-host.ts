import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Line, LineChild, NODE } from './line-child.ts';
import { NetnsLab } from './netns.ts';

const HOST = new URL('../../fixtures/netns-host.ts', import.meta.url).pathname;
/** The requirement: from the network coming back to the event starting. */
export const ONLINE_TO_FIRE_MS = 5000;
/** Chromium start and the app's install, on a shared 2-core machine. */
const START_MS = 60_000;

/** The time a line of the fixture host stamps last. */
const lineAt = (line: Line) => Number(line.text.split(' ').at(-1));

/**
 * A `serve` host (test/fixtures/netns-host.ts: headless Chromium, the news fixture app served on 127.0.0.1)
 * in a network namespace of its own, following the OS's routes, on a throwaway data dir: the test takes
 * the namespace's network down and up from outside.
 */
export class NetnsHost {
  readonly lab: NetnsLab;
  readonly host: LineChild;
  readonly #dataDir: string;

  private constructor(lab: NetnsLab, host: LineChild, dataDir: string) {
    this.lab = lab;
    this.host = host;
    this.#dataDir = dataDir;
  }

  /** Resolves once the host says READY: the app installed, its periodic sync registered every `intervalMs`. */
  static async start(intervalMs: number): Promise<NetnsHost> {
    const lab = NetnsLab.create();
    const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-netns-'));
    const started = new NetnsHost(
      lab,
      new LineChild(lab.exec([NODE, HOST, dataDir, String(intervalMs)])),
      dataDir,
    );
    try {
      await started.host.waitFor(
        'the host to start and install the app',
        (text) => text.startsWith('READY '),
        START_MS,
      );
    } catch (error) {
      await started.stop();
      throw error;
    }
    return started;
  }

  async stop(): Promise<void> {
    try {
      await this.host.stop();
    } finally {
      this.lab.destroy();
      rmSync(this.#dataDir, { recursive: true, force: true });
    }
  }

  /**
   * Takes the network down with `down`; resolves with the index of the first line after `down` and the
   * host's line saying it saw `what`.
   */
  async takeDown(down: () => void, what: string): Promise<{ from: number; offline: Line }> {
    const from = this.host.lines.length;
    down();
    const offline = await this.host.waitFor(
      `the host to see ${what}`,
      (text) => text.startsWith('CONNECTIVITY false '),
      3000,
      from,
    );
    return { from, offline };
  }

  /**
   * Brings the network back with `up` and checks that the first `event` line (the `handler` starting)
   * comes within ONLINE_TO_FIRE_MS; resolves with the index of the first line after `up`.
   */
  async bringBack(
    up: () => void,
    what: string,
    event: { handler: string; starts: (text: string) => boolean },
  ): Promise<number> {
    const { host } = this;
    const cameBack = host.lines.length;
    const upAt = Date.now();
    up();
    const started = await host.waitFor(
      `the ${event.handler} after ${what} ended`,
      event.starts,
      ONLINE_TO_FIRE_MS * 3, // wait longer than the requirement, so a miss reports the figure
      cameBack,
    );
    const online = host.lines.slice(cameBack).find((line) => line.text.startsWith('CONNECTIVITY true '));
    const delay = lineAt(started) - upAt;
    console.log(
      `# ${what}: online reported after ${online ? lineAt(online) - upAt : '?'} ms; ` +
        `the ${event.handler} started ${delay} ms after the network came back`,
    );
    assert.ok(
      delay <= ONLINE_TO_FIRE_MS,
      `fired ${delay} ms after coming online; the limit is ${ONLINE_TO_FIRE_MS} ms`,
    );
    return cameBack;
  }
}
