import { createHostLogger } from '../../../host/host-logger.ts';
import { EXIT_FAILED, EXIT_OK, type GlobalOptions, type UiCommand } from '../command.ts';
import type { RunContext } from '../run-command.ts';
import { serve } from '../serve.ts';
import { stopSignal } from '../stop-signal.ts';

/**
 * `pwa-host ui`: the window, on the serving host or on one this process serves (control socket included,
 * so other commands reach it) until the window closes. PWA_HOST_UI_HEADLESS=1 opens it headless (tests, CI).
 */
export async function runUi(
  command: UiCommand,
  options: GlobalOptions,
  context: RunContext,
): Promise<number> {
  const { openUi } = await import('../../ui/open-ui.ts');
  const logger = createHostLogger(options.dataDir, 'warn');
  const stopRequested = stopSignal(() => process.exit(EXIT_FAILED));
  const ended = await openUi({
    dataDir: options.dataDir,
    ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
    headless: process.env.PWA_HOST_UI_HEADLESS === '1',
    logger,
    stopRequested,
    async startHost() {
      const { startServeHost } = await import('../../headless-host.ts');
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
