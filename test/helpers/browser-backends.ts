import { accessSync, constants } from 'node:fs';

/**
 * The browsers the shim and engine-contract suites run over: one suite, several backends (puppeteer's
 * TestExpectations idea). A backend's known gaps are data: a test named in `expectedGaps` must fail there,
 * and passing is reported as a stale expectation, so a gap can neither hide a regression nor outlive a fix.
 */
export interface BrowserBackend {
  name: string;
  executable: string;
  /** Whether the browser's own `registration.periodicSync` works once permitted (the shim replaces it anyway). */
  nativePeriodicSync: boolean;
  /** Test name → why it is expected to fail on this backend. */
  expectedGaps: Record<string, string>;
}

const BACKENDS: BrowserBackend[] = [
  { name: 'chromium', executable: '/usr/bin/chromium', nativePeriodicSync: true, expectedGaps: {} },
  {
    // No background-sync controller, as in Electron: the native API rejects; the shim must still work.
    name: 'chromium-headless-shell',
    executable: '/usr/bin/chromium-headless-shell',
    nativePeriodicSync: false,
    expectedGaps: {},
  },
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The backends installed here; a missing one is reported loudly (CI installs both, see .ci/run). */
export function browserBackends(): BrowserBackend[] {
  return BACKENDS.filter((backend) => {
    if (isExecutable(backend.executable)) return true;
    console.error(`SKIPPED backend ${backend.name}: ${backend.executable} is not installed here.`);
    return false;
  });
}

/**
 * Wraps a test body with the backend's expectation: a listed gap must fail (a pass means the entry is
 * stale and must be removed); anything else must pass.
 */
export function expecting(
  gaps: Record<string, string>,
  name: string,
  body: () => Promise<void>,
): () => Promise<void> {
  const gap = gaps[name];
  if (gap === undefined) return body;
  return async () => {
    let failed = false;
    try {
      await body();
    } catch {
      failed = true;
    }
    if (!failed)
      throw new Error(`"${name}" passed, but is listed as an expected gap (${gap}): remove the entry.`);
  };
}
