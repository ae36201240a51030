import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * A real tmpfs of `size` mounted at a fresh owner-only folder and unmounted after the test, or why this
 * machine does not allow one (mounting needs root or CAP_SYS_ADMIN): the caller skips loudly with it.
 */
export function mountTmpfs(t: TestContext, size: string): string | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true });
    return { skip: `cannot mount a tmpfs here (${String(error).split('\n')[0]})` };
  }
  t.after(() => {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true });
  });
  return dir;
}
