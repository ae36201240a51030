/**
 * Test files run side by side, and every file serves its fixture apps on ports of its own (an origin
 * includes the port, so each app needs a stable one within a file). A file claims a slot of
 * `SLOT_WIDTH` ports above the run's base by making a directory named after the slot's first port;
 * the claim goes when the process exits, and a claim whose process is gone (a file killed at its
 * time limit) is taken over.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** news, mail and broken; 16 slots end below the soak bench's base+50. */
const SLOT_WIDTH = 3;
const SLOTS = 16;
// Inside the checkout (owned by whoever runs the tests), not a shared /tmp another user could squat.
const CLAIMS_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/pwa-host-test-port-slots/', import.meta.url),
);

function ownerIsGone(claim: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(`${claim}/pid`, 'utf8'));
  } catch {
    return false; // being claimed right now: its pid file is not written yet
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function tryClaim(claim: string): boolean {
  try {
    mkdirSync(claim);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
  writeFileSync(`${claim}/pid`, String(process.pid));
  process.on('exit', () => rmSync(claim, { recursive: true, force: true }));
  return true;
}

/** Claims a free slot and returns its first port. */
export function claimFixturePortBase(runBase: number): number {
  mkdirSync(CLAIMS_DIR, { recursive: true, mode: 0o700 });
  for (let slot = 0; slot < SLOTS; slot += 1) {
    const port = runBase + slot * SLOT_WIDTH;
    const claim = `${CLAIMS_DIR}${port}`;
    if (tryClaim(claim)) return port;
    if (ownerIsGone(claim)) {
      // Moved aside first, so two files that both saw the dead owner cannot both take the slot.
      const aside = `${claim}.stale-${process.pid}`;
      try {
        renameSync(claim, aside);
        rmSync(aside, { recursive: true, force: true });
      } catch {
        continue;
      }
      if (tryClaim(claim)) return port;
    }
  }
  throw new Error(
    `No free fixture port slot above ${runBase}: ${SLOTS} test files already hold one (see ${CLAIMS_DIR}). ` +
      'Lower --test-concurrency, or set PWA_TEST_PORT_BASE to start another range.',
  );
}
