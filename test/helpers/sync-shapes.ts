/**
 * What the Background Sync APIs look like where the shim installed them, as Blink has them: the same in
 * every engine and backend (test/shim/ and the shim over Electron's transport check against these).
 */

/** An expression for a page with the fixture app: `registration[property]` and its interface as a page sees them. */
function pageManagerShape(property: string, managerInterface: string, methods: readonly string[]): string {
  return `navigator.serviceWorker.ready.then((registration) => ({
  inRegistration: '${property}' in registration,
  sameObject: registration.${property} === registration.${property},
  interfaceObject: typeof ${managerInterface} === 'function',
  instance: registration.${property} instanceof ${managerInterface},
  illegalConstructor: (() => { try { new ${managerInterface}(); return 'no error'; } catch (error) { return error.name; } })(),
  methods: ${JSON.stringify(methods)}.every((name) => typeof ${managerInterface}.prototype[name] === 'function'),
  replaced: Object.getOwnPropertyDescriptor(ServiceWorkerRegistration.prototype, '${property}').get.name,
}))`;
}

const EXPECTED_PAGE_MANAGER_SHAPE = {
  inRegistration: true,
  sameObject: true,
  interfaceObject: true,
  instance: true,
  illegalConstructor: 'TypeError',
  methods: true,
};

/** `registration.periodicSync` and `PeriodicSyncManager` as a page sees them. */
export const PAGE_PERIODIC_SYNC_SHAPE = pageManagerShape('periodicSync', 'PeriodicSyncManager', [
  'register',
  'getTags',
  'unregister',
]);

export const EXPECTED_PAGE_PERIODIC_SYNC_SHAPE = { ...EXPECTED_PAGE_MANAGER_SHAPE, replaced: 'periodicSync' };

/** `registration.sync` and `SyncManager` as a page sees them. */
export const PAGE_SYNC_SHAPE = pageManagerShape('sync', 'SyncManager', ['register', 'getTags']);

export const EXPECTED_PAGE_SYNC_SHAPE = { ...EXPECTED_PAGE_MANAGER_SHAPE, replaced: 'sync' };

/** The fixture worker's `shape` check (test/fixtures/apps/news/sw.js): `periodicSync` and its event. */
export const EXPECTED_WORKER_PERIODIC_SYNC_SHAPE = {
  inRegistration: true,
  sameObject: true,
  managerInterface: true,
  illegalConstructor: 'TypeError',
  eventIsExtendable: true,
  eventTag: 'constructed',
  eventType: 'periodicsync',
  missingTag: 'TypeError',
  missingInit: 'TypeError',
  handlerIsFunction: true,
  handlerAfterNonFunction: null,
  untrustedWaitUntil: 'InvalidStateError',
};

/** The fixture worker's `syncShape` check: `sync` and its event, which also carries `lastChance`. */
export const EXPECTED_WORKER_SYNC_SHAPE = {
  ...EXPECTED_WORKER_PERIODIC_SYNC_SHAPE,
  eventType: 'sync',
  lastChanceDefault: false,
  lastChanceGiven: true,
};
