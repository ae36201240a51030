import { accessSync, constants } from 'node:fs';
import { flushCompileCache, getCompileCacheDir } from 'node:module';

/**
 * Node and V8 flags for the host that runs all day, each measured on the idle host with one app and its
 * browser stopped, and on its hot paths (register + unregister, the warm due → handler path), which
 * measured no slower (docs/benchmarks.md). `--max-semi-space-size=1`: V8 lets the young generation grow
 * to two 8 MiB semi-spaces under a burst of work (start-up, an install) and keeps them; capped at 1 MiB,
 * the host holds about 6 MiB less. `--expose-gc`: the host collects once its browser stops for being idle
 * (../idle-memory.ts), about 3 MiB. `--v8-pool-size=1`: one V8 worker thread instead of four (the host's
 * heap is small, its compiles few), 0.7 MiB.
 */
export const SERVING_V8_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--expose-gc',
  '--v8-pool-size=1',
];

/** Set for the one restart that follows compiling ahead, so a cache that cannot be saved loops no further. */
const COMPILED_AHEAD = 'PWA_HOST_SERVE_COMPILED_AHEAD';

/** Node's type stripper (swc built to WebAssembly), as `process.moduleLoadList` names it once loaded. */
const TYPE_STRIPPER = 'NativeModule internal/deps/amaro/dist/index';

/** Set beside `MALLOC_ARENA_MAX` when the host chose it, so the new image can keep it from its children. */
const HOST_SET_ARENAS = 'PWA_HOST_SERVE_SET_MALLOC_ARENA_MAX';

/**
 * The C library's allocator settings for the host, where the person starting it set none of their own.
 * glibc gives each thread that allocates (libuv's pool, V8's platform workers) an arena of its own, whose
 * touched pages stay resident; with two, an idle host holds about 1.1 MiB less (docs/benchmarks.md).
 */
function servingEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.MALLOC_ARENA_MAX !== undefined) return env;
  return { ...env, MALLOC_ARENA_MAX: '2', [HOST_SET_ARENAS]: '1' };
}

/**
 * glibc read the setting when this image started; the browser and the other children were measured
 * without it, and a value the person set is theirs to pass on.
 */
function keepArenasFromChildren(): void {
  if (process.env[HOST_SET_ARENAS] === undefined) return;
  delete process.env[HOST_SET_ARENAS];
  delete process.env.MALLOC_ARENA_MAX;
}

/** Node aborts the process when execve fails (there is no error to catch), so it is tried only where it can work. */
function canBecomeNode(): boolean {
  try {
    accessSync(process.execPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function becomeNode(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const [, ...script] = process.argv;
  process.execve?.(process.execPath, [process.execPath, ...args, ...script], env);
}

/**
 * From a checkout, Node strips the types of each TypeScript file missing from its compile cache, and the
 * stripper then stays loaded for the life of the process: a host started after every file changed held
 * 16 MiB more all day (docs/benchmarks.md). The cache is kept per set of V8 flags, so the serving
 * flags' cache is cold after every change even where other commands warmed theirs. This image loads the
 * host's code first; if that needed the stripper, it saves the cache and becomes Node once more, which
 * then finds every file stripped already.
 */
async function compileHostAhead(): Promise<void> {
  const restarted = process.env[COMPILED_AHEAD] !== undefined;
  delete process.env[COMPILED_AHEAD]; // not for the browser and the other children
  if (restarted || !import.meta.url.endsWith('.ts') || getCompileCacheDir() === undefined) return;
  await import('../headless-host.ts');
  await import('./serve-narration.ts'); // what `serve` at a terminal loads next
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList ?? [];
  if (!loaded.includes(TYPE_STRIPPER)) return;
  flushCompileCache();
  becomeNode(process.execArgv, { ...servingEnvironment(process.env), [COMPILED_AHEAD]: '1' });
}

/**
 * Node reads heap flags only when it starts, and a person, an autostart entry or a package launcher starts
 * `serve` without them: this process then becomes Node again with them (execve keeps the pid, which
 * host.pid, systemd and the shell know). Where there is no execve (Windows) it runs as it was started.
 */
export async function restartWithServingFlags(): Promise<void> {
  if (process.platform === 'win32' || typeof process.execve !== 'function' || !canBecomeNode()) return;
  if (!SERVING_V8_FLAGS.every((flag) => process.execArgv.includes(flag)))
    becomeNode([...SERVING_V8_FLAGS, ...process.execArgv], servingEnvironment(process.env));
  keepArenasFromChildren();
  await compileHostAhead();
}
