import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { controlSocketPath } from '../../../app/control/control-socket.ts';
import { BIN, type CliResult, childEnv, runProcess, stopProcess } from '../../cli/helpers/run-cli.ts';
import { waitForSocket } from '../../cli/helpers/wait-for-socket.ts';
import { type FixtureServer, startFixtureServer } from '../../fixtures/pwa-server.ts';
import { tempDataDir } from '../../helpers/harness.ts';

export interface ServedApp {
  news: FixtureServer;
  dataDir: string;
  serve: ChildProcess;
  /** `pwa-host --data-dir DIR ARGS` in the serve's environment. */
  cli(...args: string[]): Promise<CliResult>;
}

/**
 * `pwa-host serve` (its own process, in `env`) on a fresh data dir, with the news fixture installed through
 * it; the fixture's worker registers "notify" from its install handler. The default interval floor (15
 * minutes): nothing fires on its own during a test, only `run` does.
 */
export async function serveNotifyingApp(t: TestContext, env: NodeJS.ProcessEnv): Promise<ServedApp> {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const serve = spawn(BIN, ['--data-dir', dataDir, 'serve'], {
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  t.after(() => stopProcess(serve));
  await waitForSocket(controlSocketPath(dataDir), 60_000);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args], env);
  const installed = await cli(
    'install',
    `${news.origin}/?sw=${encodeURIComponent('sw.js?install-tag=notify')}`,
  );
  assert.equal(installed.exitCode, 0, installed.stderr);
  return { news, dataDir, serve, cli };
}
