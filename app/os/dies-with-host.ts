import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/**
 * How to start a long-running helper (a monitor) so that it dies with the host even when the host is
 * killed outright (SIGKILL, a crash), when nothing runs its exit handlers: where util-linux's setpriv exists,
 * through `setpriv --pdeathsig KILL`, the kernel's parent-death signal. `wrapped` says whether it is: a
 * missing program then shows as setpriv's exit code 127, as in a shell.
 */
export function commandDyingWithHost(
  program: string,
  args: readonly string[],
): { file: string; args: string[]; wrapped: boolean } {
  const setpriv = onPath('setpriv');
  return setpriv
    ? { file: setpriv, args: ['--pdeathsig', 'KILL', '--', program, ...args], wrapped: true }
    : { file: program, args: [...args], wrapped: false };
}
