/**
 * `npm run bench -- cli`: how long the read-only commands take from start to exit, as a person runs them —
 * from the installed npm package (`npm pack`, then `npm install --global` into a temp prefix) and from this
 * checkout (`bin/pwa-host`, with its compile cache warm), on a data dir no host serves and on one a host
 * (`pwa-host serve`) serves — beside `node -e 0` on the same Node in the same run. Every variant runs in
 * turn, round after round (A, B, C, A, B, C…), so the machine's load falls on all of them alike; the value
 * is each one's median wall time (BENCH_CLI_RUNS rounds, 25 by default). The target is 3× the floor's
 * median (the issue holds it at 4×).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../app/store/store.ts';
import { BIN, stopProcess } from '../test/cli/helpers/run-cli.ts';
import { fixtureApp } from '../test/helpers/fixture-app.ts';
import { packAndInstall } from '../test/packaging/helpers/npm-package.ts';
import { type Measurement, percentile } from './report.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 25);
const COMMANDS: readonly (readonly string[])[] = [
  ['list'],
  ['status'],
  ['syncs'],
  ['runs'],
  ['config', 'get'],
];
const TARGET_FACTOR = 3;
const HOUR = 60 * 60_000;

interface Variant {
  name: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  times: number[];
}

export async function runCliBench(): Promise<Measurement[]> {
  const work = mkdtempSync(join(tmpdir(), 'pwa-host-bench-cli-'));
  let host: ChildProcess | undefined;
  try {
    // Launchers, autostart entries and wake-ups a host writes stay in this throwaway tree.
    const desktop = {
      XDG_DATA_HOME: join(work, 'desktop', 'data'),
      XDG_CONFIG_HOME: join(work, 'desktop', 'config'),
    };
    // Two data dirs alike, one served by a host and one not, so every variant runs in the same rounds.
    const served = join(work, 'served');
    const alone = join(work, 'alone');
    fillStore(served);
    fillStore(alone);
    const installed = await packAndInstall(work);
    host = spawn(BIN, ['--data-dir', served, 'serve'], {
      env: { ...process.env, ...desktop },
      stdio: 'ignore',
    });
    await waitForSocket(join(served, 'control.sock'), host);
    // Let the host finish starting before anything is timed.
    await sleep(3000);

    const launchers = {
      package: { command: installed.pwaHost, env: { ...desktop, ...installed.env } },
      checkout: { command: BIN, env: { ...process.env, ...desktop } },
    };
    const floor: Variant = { name: 'node -e 0', argv: [process.execPath, '-e', '0'], env: {}, times: [] };
    const variants: Variant[] = [];
    for (const [hostState, dataDir] of [
      ['no host', alone],
      ['host serving', served],
    ] as const) {
      for (const [from, { command, env }] of Object.entries(launchers)) {
        for (const args of COMMANDS) {
          const name = `${args.join(' ')} · ${from} · ${hostState}`;
          variants.push({ name, argv: [command, '--data-dir', dataDir, ...args], env, times: [] });
        }
      }
    }
    measureInTurn([floor, ...variants]);

    const floorMs = percentile(floor.times, 50);
    return [
      {
        name: 'node -e 0 (the floor)',
        value: floorMs,
        unit: 'ms',
        note: `median of ${floor.times.length}; p90 ${Math.round(percentile(floor.times, 90))} ms`,
      },
      ...variants.map((variant) => {
        const ms = percentile(variant.times, 50);
        return {
          name: variant.name,
          value: ms,
          unit: 'ms',
          target: Math.round(TARGET_FACTOR * floorMs),
          note: `${(ms / floorMs).toFixed(1)}× the floor; p90 ${Math.round(percentile(variant.times, 90))} ms`,
        };
      }),
    ];
  } finally {
    if (host) await stopProcess(host);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs every variant once (to warm caches), then RUNS rounds of each in turn. */
function measureInTurn(variants: Variant[]): void {
  for (const variant of variants) timeOnce(variant);
  for (let round = 0; round < RUNS; round += 1) {
    for (const variant of variants) variant.times.push(timeOnce(variant));
  }
}

function timeOnce(variant: Variant): number {
  const [command, ...args] = variant.argv;
  const started = performance.now();
  const result = spawnSync(command as string, args, {
    env: variant.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${variant.name} exited with ${result.status}: ${result.stderr.toString()}`);
  }
  return elapsed;
}

async function waitForSocket(path: string, host: ChildProcess): Promise<void> {
  const exited = once(host, 'exit').then(() => {
    throw new Error('pwa-host serve exited before it served');
  });
  for (let waited = 0; !existsSync(path); waited += 100) {
    if (waited > 60_000) throw new Error('pwa-host serve did not serve within 60 s');
    await Promise.race([sleep(100), exited]);
  }
}

/**
 * A data dir as a host leaves it after a while: five apps, two periodic tasks each, due later, and the 100
 * runs a registration keeps. Wake-when-quit is off, so the host started here arms nothing in the OS.
 */
function fillStore(dataDir: string): void {
  const store = Store.open(dataDir);
  const now = Date.now();
  store.settings.set('wakeWhenQuit', false);
  for (const name of ['News', 'Mail', 'Weather', 'Calendar', 'Notes']) {
    const app = store.apps.upsert(fixtureApp(`https://${name.toLowerCase()}.example`, name), now);
    for (const tag of ['refresh', 'daily-digest']) {
      const registration = store.registrations.insert({
        appId: app.id,
        origin: app.origin,
        scope: app.scope,
        tag,
        minIntervalMs: HOUR,
        createdAt: now - 100 * HOUR,
        nextDueAt: now + 24 * HOUR,
      });
      for (let run = 100; run > 0; run -= 1) {
        const startedAt = now - run * HOUR;
        const id = store.runs.start({
          appId: app.id,
          registrationId: registration.id,
          scope: app.scope,
          tag,
          trigger: 'scheduled',
          attempt: 0,
          startedAt,
        });
        store.runs.finish(
          { id, scope: app.scope, tag, startedAt },
          run % 10 === 0 ? 'failed' : 'success',
          run % 10 === 0 ? 'fetch failed' : null,
          startedAt + 200,
        );
      }
    }
  }
  store.close();
}
