import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startControlServer } from '../../app/control/control-server.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { Store } from '../../app/store/store.ts';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { MemoryOperations } from './helpers/memory-operations.ts';
import { MAIN, NODE, runProcess } from './helpers/run-cli.ts';

// A command loads its own code and what reaching the data needs, nothing else: that is what keeps the CLI's
// start-up near bare Node's (`npm run bench -- cli` measures it). Checked here by the modules it loads.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRACER = fileURLToPath(new URL('./helpers/trace-modules.ts', import.meta.url));
const COMMANDS = join(ROOT, 'app/headless/cli/commands/');

/** The files a CLI run loaded, relative to the checkout (node: built-ins left out). */
async function modulesLoadedBy(t: TestContext, args: string[]): Promise<string[]> {
  const trace = join(tempDataDir(t), 'modules.txt');
  const result = await runProcess(NODE, ['--import', TRACER, MAIN, ...args], {
    PWA_TEST_MODULE_TRACE: trace,
  });
  assert.equal(result.exitCode, 0, result.stderr);
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(ROOT, fileURLToPath(url)));
}

function commandModules(loaded: string[]): string[] {
  return loaded
    .filter((file) => join(ROOT, file).startsWith(COMMANDS))
    .map((file) => relative(COMMANDS, file));
}

/**
 * What no read-only command needs: the engine, installing, the host itself, the API's schemas, the full
 * command-line parser (help and usage errors only), the log library.
 */
const NEVER_FOR_READING = [
  'app/engine-chromium/',
  'app/headless/headless-host.ts',
  'app/host/serving-host.ts',
  'app/install/install-app.ts',
  'app/control/control-server.ts',
  'app/host/host-api.ts',
  'app/control/protocol.ts',
  'node_modules/zod/',
  'node_modules/commander/',
  'node_modules/pino/',
  'node_modules/xmlbuilder2/',
  'node_modules/plist/',
];

const READ_COMMANDS: { args: string[]; module: string }[] = [
  { args: ['list'], module: 'list.ts' },
  { args: ['syncs'], module: 'syncs.ts' },
  { args: ['runs'], module: 'runs.ts' },
  { args: ['config', 'get'], module: 'config-get.ts' },
  { args: ['status'], module: 'status.ts' },
  { args: ['notifications'], module: 'notifications.ts' },
  { args: ['alerts'], module: 'alerts.ts' },
];

function loadedAny(loaded: string[], prefixes: readonly string[]): string[] {
  return loaded.filter((file) => prefixes.some((prefix) => file.startsWith(prefix)));
}

test('with no host, a read-only command loads its own module and the store, not the engine or other commands', async (t) => {
  const dataDir = tempDataDir(t);
  const store = Store.open(dataDir);
  store.apps.upsert(fixtureApp('https://news.example', 'News'), Date.now());
  store.close();
  for (const { args, module } of READ_COMMANDS) {
    const loaded = await modulesLoadedBy(t, ['--data-dir', dataDir, ...args]);
    assert.deepEqual(commandModules(loaded), [module], args.join(' '));
    assert.deepEqual(loadedAny(loaded, NEVER_FOR_READING), [], args.join(' '));
    assert.ok(loaded.includes('app/store/store.ts'), `${args.join(' ')} reads the store`);
  }
});

test('with a host serving, a read-only command asks it and loads no store, no SQLite and no schemas', async (t) => {
  const dataDir = tempDataDir(t);
  const operations = new MemoryOperations();
  const server = await startControlServer({ socketPath: controlSocketPath(dataDir), operations });
  t.after(() => server.close());
  for (const { args, module } of READ_COMMANDS) {
    const loaded = await modulesLoadedBy(t, ['--data-dir', dataDir, ...args]);
    assert.deepEqual(commandModules(loaded), [module], args.join(' '));
    assert.deepEqual(
      loadedAny(loaded, [...NEVER_FOR_READING, 'app/store/', 'node_modules/better-sqlite3/']),
      [],
      args.join(' '),
    );
  }
  assert.deepEqual(
    operations.calls.map((call) => call.op),
    ['list', 'syncs', 'runs', 'config', 'status', 'notifications', 'alerts'],
  );
});

test('--help and usage errors load no command and no way to the data', async (t) => {
  for (const args of [['--help'], ['runs', '--help'], ['config', 'set', '--help'], ['--version']]) {
    const loaded = await modulesLoadedBy(t, args);
    assert.deepEqual(commandModules(loaded), [], args.join(' '));
    assert.deepEqual(
      loadedAny(loaded, [
        'app/control/',
        'app/store/',
        'node_modules/better-sqlite3/',
        'app/headless/cli/execute.ts',
      ]),
      [],
      args.join(' '),
    );
  }
});
