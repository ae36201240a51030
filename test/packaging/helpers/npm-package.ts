import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from '../../cli/helpers/run-cli.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

/** npm's own CLI script, run under this Node 24 (the project's node_modules/.bin/node), not the system's. */
function npmCli(): string {
  if (process.env.npm_execpath) return process.env.npm_execpath;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      return realpathSync(join(dir, 'npm'));
    } catch {}
  }
  throw new Error('npm is not on PATH');
}

export function npm(args: string[], cwd: string) {
  return run(process.execPath, [npmCli(), ...args], { cwd, env: childEnv(), maxBuffer: 16 * 1024 * 1024 });
}

export interface InstalledPackage {
  /** The files the tarball holds. */
  files: string[];
  prefix: string;
  /** The installed `pwa-host` command. */
  pwaHost: string;
  /** Only the prefix's bin and this Node 24 on PATH: the package's `#!/usr/bin/env node` finds that Node. */
  env: NodeJS.ProcessEnv;
}

/** `npm pack` of this checkout (prepack builds it), then `npm install --global` of the tarball into `work`. */
export async function packAndInstall(work: string): Promise<InstalledPackage> {
  const packed = JSON.parse((await npm(['pack', '--json', '--pack-destination', work], root)).stdout) as {
    filename: string;
    files: { path: string }[];
  }[];
  const prefix = join(work, 'prefix');
  await npm(
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(work, packed[0]?.filename ?? ''),
    ],
    work,
  );
  return {
    files: packed[0]?.files.map((file) => file.path) ?? [],
    prefix,
    pwaHost: join(prefix, 'bin', 'pwa-host'),
    env: { PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) },
  };
}
