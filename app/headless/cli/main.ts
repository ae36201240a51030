import { resolve } from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import { HostError } from '../../base/errors.ts';
import { ControlClient } from '../../control/control-client.ts';
import { controlSocketPath } from '../../control/control-socket.ts';
import { toErrorBody } from '../../control/error-body.ts';
import { createApiClient } from '../../host/host-api.ts';
import { createHostLogger, createReadOnlyLogger } from '../../host/host-logger.ts';
import { openOfflineOperations } from '../../host/offline-operations.ts';
import type { Logger } from '../../logging/logger.ts';
import { HEADLESS_HOST_COMMAND } from '../host-command.ts';
import {
  type BrowserCommand,
  type Command,
  EXIT_FAILED,
  EXIT_OK,
  type GlobalOptions,
  isReadCommand,
  isStoreCommand,
  type ServeCommand,
  type UiCommand,
} from './command.ts';
import { withHint } from './error-hints.ts';
import { followRuns } from './follow-runs.ts';
import { type Output, printJson, processOutput } from './output.ts';
import { parseArgs } from './parse-args.ts';
import { openReadOnlyOperations } from './read-only-operations.ts';
import { renderRuns } from './render-runs.ts';
import { type RunContext, runBrowserCommand, runReadCommand, runStoreCommand } from './run-command.ts';
import { serve } from './serve.ts';
import { stopSignal } from './stop-signal.ts';
import { terminalLine } from './terminal-text.ts';

// What this process and the browser it starts create (the profile above all, whose files Chromium makes
// with the umask it inherits) is for this user alone, whatever umask the shell had. The host also sets
// its own files' modes and tightens the data dir on start, so this is the second line, not the only one.
process.umask(0o077);

const parsed = parseArgs(process.argv.slice(2), { env: process.env, version: packageJson.version });
if (parsed.kind === 'exit') {
  process.stdout.write(parsed.stdout);
  process.stderr.write(parsed.stderr);
  process.exitCode = parsed.exitCode;
} else {
  const options = { ...parsed.options, dataDir: resolve(parsed.options.dataDir) };
  process.exitCode = await execute(parsed.command, options, processOutput).catch((error: unknown) =>
    reportFailure(error, options, processOutput),
  );
}

/**
 * A host serving this data dir answers every command over its control socket. Without one, read-only
 * commands read the store directly and the others start a temporary host for the duration of the command.
 */
async function execute(command: Command, options: GlobalOptions, output: Output): Promise<number> {
  const context: RunContext = { json: options.json, output, now: Date.now };
  if (command.name === 'serve') {
    const logger = createHostLogger(options.dataDir, 'info');
    if (command.runDue) return runDue(command, options, context, logger);
    const { startServeHost } = await loadLocalHost();
    const stopRequested = stopSignal(() => {
      logger.error({}, 'the host did not stop in time; exiting anyway');
      process.exit(EXIT_FAILED);
    });
    await serve(command, options, { startServeHost, logger, stopRequested });
    return EXIT_OK;
  }
  if (command.name === 'ui') return openUiWindow(command, options, context);
  const client = await ControlClient.connect(controlSocketPath(options.dataDir));
  if (command.name === 'runs' && command.follow && client === undefined) {
    throw new HostError(
      'host-not-running',
      `runs --follow follows a serving host, and none serves ${options.dataDir}.`,
    );
  }
  if (client !== undefined) {
    try {
      const operations = createApiClient(client);
      if (command.name === 'runs' && command.follow) {
        const stopped = stopSignal(() => process.exit(EXIT_OK));
        return await followRuns(command, operations, context, { stopped, closed: client.closed });
      }
      if (isReadCommand(command)) return await runReadCommand(command, operations, context);
      if (isStoreCommand(command)) return await runStoreCommand(command, operations, context);
      return await runBrowserCommand(command, operations, context);
    } finally {
      client.close();
    }
  }
  if (isReadCommand(command)) {
    const session = openReadOnlyOperations(options.dataDir, createReadOnlyLogger());
    try {
      return await runReadCommand(command, session.operations, context);
    } finally {
      session.close();
    }
  }
  if (isStoreCommand(command)) {
    const session = openOfflineOperations(
      options.dataDir,
      HEADLESS_HOST_COMMAND,
      createHostLogger(options.dataDir, 'warn'),
    );
    try {
      return await runStoreCommand(command, session.operations, context);
    } finally {
      session.close();
    }
  }
  return runWithTemporaryHost(command, options, context);
}

/**
 * What the OS wake-up runs: fire what is due, leave the next wake-up, exit. An app's task that failed is
 * the app's outcome, recorded in `runs` and `alerts` and retried by its policy: the run itself did its job
 * and exits 0, so the OS does not mark the wake-up failed. Only a host that could not run (no browser, a
 * locked or broken store) exits non-zero, through the thrown error.
 */
async function runDue(
  command: ServeCommand,
  options: GlobalOptions,
  context: RunContext,
  logger: Logger,
): Promise<number> {
  const { runDueAndStop } = await loadLocalHost();
  const floor = command.minIntervalFloorMs;
  const runs = await runDueAndStop({
    dataDir: options.dataDir,
    logger,
    ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
    ...(floor === undefined ? {} : { settings: { minIntervalFloorMs: floor }, developerMode: floor === 0 }),
  });
  logger.info({ runs: runs.length }, 'ran what was due');
  if (context.json) printJson(context.output, runs);
  else context.output.out(renderRuns(runs, context.now()));
  return EXIT_OK;
}

async function runWithTemporaryHost(
  command: BrowserCommand,
  options: GlobalOptions,
  context: RunContext,
): Promise<number> {
  const { startLocalHost } = await loadLocalHost();
  const logger = createHostLogger(options.dataDir, 'warn');
  const local = await startLocalHost({ dataDir: options.dataDir, logger });
  try {
    const exitCode = await runBrowserCommand(command, local.operations, context);
    if (command.name === 'open') {
      // The page lives in this temporary host, so it closes when this process does. Listen before saying
      // so: a Ctrl-C right after the message must stop the host, not kill the process.
      const stopped = stopSignal(() => process.exit(EXIT_FAILED));
      context.output.err('The page stays open until you press Ctrl-C.\n');
      await stopped;
    }
    return exitCode;
  } finally {
    await local.close();
  }
}

/**
 * `pwa-host ui`: the window, on the serving host or on one this process serves (control socket included,
 * so other commands reach it) until the window closes. PWA_HOST_UI_HEADLESS=1 opens it headless (tests, CI).
 */
async function openUiWindow(
  command: UiCommand,
  options: GlobalOptions,
  context: RunContext,
): Promise<number> {
  const { openUi } = await import('../ui/open-ui.ts');
  const logger = createHostLogger(options.dataDir, 'warn');
  const stopRequested = stopSignal(() => process.exit(EXIT_FAILED));
  const ended = await openUi({
    dataDir: options.dataDir,
    ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
    headless: process.env.PWA_HOST_UI_HEADLESS === '1',
    logger,
    stopRequested,
    async startHost() {
      const { startServeHost } = await loadLocalHost();
      const stop = Promise.withResolvers<void>();
      const serving = Promise.withResolvers<void>();
      const served = serve(
        {
          name: 'serve',
          ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
        },
        options,
        { startServeHost, logger, stopRequested: stop.promise, onServing: serving.resolve },
      );
      await Promise.race([serving.promise, served]);
      return async () => {
        stop.resolve();
        await served;
      };
    },
    onOpen: ({ ownHost }) =>
      context.output.err(
        ownHost
          ? 'The management UI is open. No host was serving, so this window serves one until you close it.\n'
          : 'The management UI is open on the serving host.\n',
      ),
  });
  if (ended === 'host-stopped') {
    context.output.err(
      'The host stopped serving, so the management UI closed. Start it again with `pwa-host serve`.\n',
    );
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/**
 * Loaded on demand: only commands that need a browser pay for loading the engine, so `list`, `syncs`,
 * `runs` and everything sent to a serving host start quickly.
 */
function loadLocalHost() {
  return import('../headless-host.ts');
}

function reportFailure(error: unknown, options: GlobalOptions, output: Output): number {
  const failure = toErrorBody(error);
  const body = { ...failure, message: withHint(failure.code, failure.message) };
  if (options.json) printJson(output, { error: body });
  output.err(terminalLine`pwa-host: ${body.message}\n`);
  return EXIT_FAILED;
}
