import type { CdpConnection } from '../app/engine-chromium/cdp-connection.ts';
import { waitFor } from '../test/helpers/settle.ts';

/**
 * A page session of the bench's own on the engine's DevTools pipe (the only connection the browser has):
 * `ServiceWorker.*` commands exist only on page sessions, and from it Chromium's own
 * `dispatchPeriodicSyncEvent` / `dispatchSyncEvent` reach the worker of `scope` (the browser's floor).
 */
export async function openNativeDispatch(
  cdp: CdpConnection,
  scope: string,
): Promise<{ sessionId: string; registrationId: string; close(): Promise<void> }> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  let registrationId = '';
  const stop = cdp.on('ServiceWorker.workerRegistrationUpdated', (params) => {
    const found = (params.registrations as { registrationId: string; scopeURL: string }[]).find(
      (registration) => registration.scopeURL === scope,
    );
    if (found) registrationId = found.registrationId;
  });
  await cdp.send('ServiceWorker.enable', {}, sessionId);
  await waitFor('the registration id', () => registrationId !== '');
  stop();
  return {
    sessionId,
    registrationId,
    close: async () => {
      await cdp.send('Target.closeTarget', { targetId });
    },
  };
}
