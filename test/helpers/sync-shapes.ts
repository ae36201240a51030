/**
 * What the one-off Background Sync API looks like where the shim installed it, as Blink has it: the same in
 * every engine and backend (test/shim/ and the shim over Electron's transport check against these).
 */

/** An expression for a page with the fixture app: `registration.sync` and `SyncManager` as a page sees them. */
export const PAGE_SYNC_SHAPE = `navigator.serviceWorker.ready.then((registration) => ({
  inRegistration: 'sync' in registration,
  sameObject: registration.sync === registration.sync,
  interfaceObject: typeof SyncManager === 'function',
  instance: registration.sync instanceof SyncManager,
  illegalConstructor: (() => { try { new SyncManager(); return 'no error'; } catch (error) { return error.name; } })(),
  methods: ['register', 'getTags'].every((name) => typeof SyncManager.prototype[name] === 'function'),
  replaced: Object.getOwnPropertyDescriptor(ServiceWorkerRegistration.prototype, 'sync').get.name,
}))`;

export const EXPECTED_PAGE_SYNC_SHAPE = {
  inRegistration: true,
  sameObject: true,
  interfaceObject: true,
  instance: true,
  illegalConstructor: 'TypeError',
  methods: true,
  replaced: 'sync',
};

/** The fixture worker's `syncShape` check (test/fixtures/apps/news/sw.js). */
export const EXPECTED_WORKER_SYNC_SHAPE = {
  inRegistration: true,
  sameObject: true,
  managerInterface: true,
  illegalConstructor: 'TypeError',
  eventIsExtendable: true,
  eventTag: 'constructed',
  eventType: 'sync',
  lastChanceDefault: false,
  lastChanceGiven: true,
  missingTag: 'TypeError',
  missingInit: 'TypeError',
  handlerIsFunction: true,
  handlerAfterNonFunction: null,
  untrustedWaitUntil: 'InvalidStateError',
};
