import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { HostError } from '../../base/errors.ts';
import { waitUntil } from '../../base/wait.ts';
import type { CdpConnection } from '../../engine-chromium/cdp-connection.ts';
import { type LaunchedChromium, launchChromium } from '../../engine-chromium/launch-chromium.ts';
import type { PageSession } from './page-session.ts';

const targetsSchema = z.object({
  targetInfos: z.array(z.object({ targetId: z.string(), type: z.string() })),
});
const attachedSchema = z.object({ sessionId: z.string() });
const targetDestroyedSchema = z.object({ targetId: z.string() });

const WINDOW_TIMEOUT_MS = 10_000;

export interface UiWindowOptions {
  executable: string;
  /** Headless (CI, tests): no window appears; everything else is the same. */
  headless: boolean;
}

export interface UiWindow {
  /** The window's page, for the bridge and for navigating. */
  readonly session: PageSession;
  /** Settles when the person closed the window or the browser went away. */
  readonly closed: Promise<void>;
  readonly browserPid: number | undefined;
  /** Ends the browser and removes its temporary profile. */
  close(): Promise<void>;
}

/**
 * A Chromium app window (`--app`: no tabs, no address bar) on a temporary profile of its own, driven over
 * its DevTools pipe (no port). It opens on about:blank so the bridge is in place before the UI loads.
 */
export async function openUiWindow(options: UiWindowOptions): Promise<UiWindow> {
  const profileDir = mkdtempSync(join(tmpdir(), 'pwa-host-ui-'));
  let browser: LaunchedChromium;
  try {
    browser = await launchChromium(options.executable, profileDir, {
      headless: options.headless,
      startArgs: ['--app=about:blank', '--window-size=1180,860'],
      disabledFeatures: ['Translate'],
      offline: true,
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  const { connection } = browser;
  const close = async () => {
    await browser.kill();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const targetId = await waitUntil(
      async () => {
        const { targetInfos } = targetsSchema.parse(await connection.send('Target.getTargets'));
        return targetInfos.find((target) => target.type === 'page')?.targetId;
      },
      {
        timeoutMs: WINDOW_TIMEOUT_MS,
        pollMs: 100,
        onTimeout: () => {
          throw new HostError('chromium-failed', 'Chromium started but opened no window for the UI.');
        },
      },
    );
    await connection.send('Target.setDiscoverTargets', { discover: true });
    const { sessionId } = attachedSchema.parse(
      await connection.send('Target.attachToTarget', { targetId, flatten: true }),
    );
    const windowClosed = new Promise<void>((resolve) => {
      const stop = connection.on('Target.targetDestroyed', (params) => {
        if (targetDestroyedSchema.safeParse(params).data?.targetId !== targetId) return;
        stop();
        resolve();
      });
    });
    return {
      session: pageSession(connection, sessionId),
      closed: Promise.race([windowClosed, connection.closed]),
      browserPid: browser.process.pid,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One attached page of a flattened connection as a session of its own. */
function pageSession(connection: CdpConnection, sessionId: string): PageSession {
  return {
    send: (method, params) => connection.send(method, params, sessionId),
    on: (event, handler) =>
      connection.on(event, (params, from) => {
        if (from === sessionId) handler(params);
      }),
  };
}
