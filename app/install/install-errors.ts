import { HostError } from '../base/errors.ts';
import type { WorkerState } from '../engine/browser-pages.ts';

const STATE_WORDS: Record<Exclude<WorkerState, 'not-registered'>, string> = {
  installing: 'installing (its install handler had not finished)',
  installed: 'waiting to activate (another version of it still controls a page)',
  activating: 'activating (its activate handler had not finished)',
};

/** Every way an install can fail, each naming the problem and what to do about it. */
export const installErrors = {
  notAUrl: (input: string) =>
    new HostError(
      'install-not-a-url',
      `"${input}" is not a URL. Give the full address of the app's start page, e.g. https://app.example/.`,
    ),
  insecure: (origin: string) =>
    new HostError(
      'install-insecure-origin',
      `${origin} is not a secure origin. Service workers and periodic sync need HTTPS; plain http is allowed only ` +
        'for localhost, 127.0.0.1 and [::1]. Install from the https:// address of the app.',
    ),
  unreachable: (url: string, reason: string) =>
    new HostError(
      'install-unreachable',
      `Could not reach ${url} (${reason}). Check the address and that the server is running and reachable from this machine.`,
    ),
  redirectLoop: (url: string) =>
    new HostError(
      'install-redirect-loop',
      `${url} redirects in a loop. Fix the server's redirects, or install from the address the app really lives at.`,
    ),
  httpError: (url: string, status: number) =>
    new HostError(
      'install-http-error',
      `${url} answered HTTP ${status}. Install from an address that serves the app's page (status 200).`,
    ),
  neverLoaded: (url: string, seconds: number) =>
    new HostError(
      'install-page-never-loads',
      `${url} did not finish loading within ${seconds} s. Check that the page and everything it loads respond.`,
    ),
  loadFailed: (url: string, reason: string) =>
    new HostError(
      'install-load-failed',
      `Loading ${url} failed (${reason}). Check the address and the server.`,
    ),
  noServiceWorker: (url: string, seconds: number, state: WorkerState) =>
    new HostError(
      'install-no-service-worker',
      state === 'not-registered'
        ? `${url} registered no service worker within ${seconds} s. PWA Host runs periodic sync in the app's service ` +
            'worker: the page must call navigator.serviceWorker.register().'
        : `The service worker of ${url} was still ${STATE_WORDS[state]} after ${seconds} s. Its install and activate ` +
            'handlers must finish (every promise given to event.waitUntil must settle) for the app to be installed.',
    ),
  workerFailed: (url: string, errors: readonly string[]) =>
    new HostError(
      'install-service-worker-failed',
      `The service worker of ${url} failed to install${errors.length > 0 ? `: ${errors.join(' ')}` : ' (the browser gave no reason)'}. ` +
        'Fix the worker (a file its install handler caches may be missing) and install again.',
    ),
  noManifest: (url: string) =>
    new HostError(
      'install-no-manifest',
      `${url} links no web app manifest. Add <link rel="manifest" href="manifest.webmanifest"> to the page, with at ` +
        'least "name" and "start_url".',
    ),
  manifestErrors: (manifestUrl: string, problems: string[]) =>
    new HostError(
      'install-manifest-errors',
      `The manifest ${manifestUrl} cannot be used: ${problems.join('; ')}. Fix the manifest and install again.`,
    ),
  startUrlOutsideScope: (startUrl: string, scope: string) =>
    new HostError(
      'install-start-url-outside-scope',
      `The manifest's start_url ${startUrl} is outside its scope ${scope}. Make start_url a page within scope.`,
    ),
  neverSettles: (url: string, seconds: number) =>
    new HostError(
      'install-page-never-settles',
      `${url} never settled: the network was still busy after ${seconds} s. PWA Host opens the start page once after ` +
        'installing so the app can register its periodic syncs; it must stop loading within that time.',
    ),
};
