import assert from 'node:assert/strict';
import type { LaunchedChromium } from '../../app/engine-chromium/launch-chromium.ts';

/** The expression that lists a global scope's own property names (compared with and without the shim). */
export const GLOBAL_NAMES = 'Object.getOwnPropertyNames(globalThis).sort()';

/** Opens `url` in a browser with nothing injected; returns a way to evaluate in it. */
export async function openPlainPage(
  browser: LaunchedChromium,
  url: string,
): Promise<<T>(expression: string) => Promise<T>> {
  const cdp = browser.connection;
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const reply = await cdp.send<{ result: { value: T } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      sessionId,
    );
    return reply.result.value;
  };
  await cdp.send('Page.enable', {}, sessionId);
  const loaded = new Promise<void>((resolve) => {
    const unsubscribe = cdp.on('Page.loadEventFired', (_params, from) => {
      if (from !== sessionId) return;
      unsubscribe();
      resolve();
    });
  });
  await cdp.send('Page.navigate', { url }, sessionId);
  await loaded;
  await evaluate('navigator.serviceWorker.ready.then(() => true)');
  return evaluate;
}

/** Fails, naming them, when a global scope with the shim has names a plain browser's lacks or the reverse. */
export function assertSameGlobalNames(withShim: readonly string[], native: readonly string[]): void {
  assert.deepEqual(
    {
      added: withShim.filter((name) => !native.includes(name)),
      removed: native.filter((name) => !withShim.includes(name)),
    },
    { added: [], removed: [] },
  );
}
