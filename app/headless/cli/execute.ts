import { HostError } from '../../base/errors.ts';
import { ControlClient } from '../../control/control-client.ts';
import { controlSocketPath } from '../../control/control-socket.ts';
import { toErrorBody } from '../../control/error-body.ts';
import { createApiClient } from '../../host/api-client.ts';
import {
  type BrowserCommand,
  type Command,
  EXIT_FAILED,
  EXIT_OK,
  type GlobalOptions,
  isReadCommand,
  isStoreCommand,
} from './command.ts';
import { withHint } from './error-hints.ts';
import { type Output, printJson } from './output.ts';
import { type RunContext, runBrowserCommand, runReadCommand, runStoreCommand } from './run-command.ts';
import { terminalLine } from './terminal-text.ts';

/** Carries out `command` and says how it ended: its exit code, and on failure what went wrong on stderr. */
export function execute(command: Command, options: GlobalOptions, output: Output): Promise<number> {
  return carryOut(command, options, output).catch((error: unknown) => reportFailure(error, options, output));
}

/**
 * A host serving this data dir answers every command over its control socket. Without one, read-only
 * commands read the store directly and the others start a temporary host for the duration of the command.
 * Each of those ways, like each command's own code, is imported only when it is taken, so `pwa-host list`
 * loads neither the store nor the engine when a host serves, and no engine when none does.
 */
async function carryOut(command: Command, options: GlobalOptions, output: Output): Promise<number> {
  const context: RunContext = { json: options.json, output, now: Date.now };
  if (command.name === 'serve') {
    return (await import('./commands/serve.ts')).runServe(command, options, context);
  }
  if (command.name === 'ui') return (await import('./commands/ui.ts')).runUi(command, options, context);
  const client = await ControlClient.connect(controlSocketPath(options.dataDir));
  if (client !== undefined) {
    try {
      const operations = createApiClient(client);
      if (command.name === 'runs' && command.follow) {
        const { followRuns } = await import('./follow-runs.ts');
        const { stopSignal } = await import('./stop-signal.ts');
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
  if (command.name === 'runs' && command.follow) {
    throw new HostError(
      'host-not-running',
      `runs --follow follows a serving host, and none serves ${options.dataDir}.`,
    );
  }
  if (isReadCommand(command)) {
    const { openReadOnlyOperations } = await import('./read-only-operations.ts');
    const session = openReadOnlyOperations(options.dataDir);
    try {
      return await runReadCommand(command, session.operations, context);
    } finally {
      session.close();
    }
  }
  if (isStoreCommand(command)) {
    const { openOfflineOperations } = await import('../../host/offline-operations.ts');
    const { createHostLogger } = await import('../../host/host-logger.ts');
    const { HEADLESS_HOST_COMMAND } = await import('../host-command.ts');
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

/** Loaded on demand: only commands that need a browser pay for loading the engine. */
async function runWithTemporaryHost(
  command: BrowserCommand,
  options: GlobalOptions,
  context: RunContext,
): Promise<number> {
  const { startLocalHost } = await import('../headless-host.ts');
  const { createHostLogger } = await import('../../host/host-logger.ts');
  const logger = createHostLogger(options.dataDir, 'warn');
  const local = await startLocalHost({ dataDir: options.dataDir, logger });
  try {
    const exitCode = await runBrowserCommand(command, local.operations, context);
    if (command.name === 'open') {
      // The page lives in this temporary host, so it closes when this process does. Listen before saying
      // so: a Ctrl-C right after the message must stop the host, not kill the process.
      const { stopSignal } = await import('./stop-signal.ts');
      const stopped = stopSignal(() => process.exit(EXIT_FAILED));
      context.output.err('The page stays open until you press Ctrl-C.\n');
      await stopped;
    }
    return exitCode;
  } finally {
    await local.close();
  }
}

function reportFailure(error: unknown, options: GlobalOptions, output: Output): number {
  const failure = toErrorBody(error);
  const body = { ...failure, message: withHint(failure.code, failure.message) };
  if (options.json) printJson(output, { error: body });
  output.err(terminalLine`pwa-host: ${body.message}\n`);
  return EXIT_FAILED;
}
