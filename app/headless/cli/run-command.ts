import { formatDuration } from '../../base/format-duration.ts';
import type { HostApi, HostOperations } from '../../host/host-api.ts';
import type { InstallProgress, RunSummary } from '../../host/host-operations.ts';
import { type BrowserCommand, EXIT_FAILED, EXIT_OK, type ReadCommand, type StoreCommand } from './command.ts';
import { type Output, printJson } from './output.ts';
import { renderApps } from './render-apps.ts';
import { renderConfig } from './render-config.ts';
import { renderAlerts, renderNotifications } from './render-notifications.ts';
import { renderRuns } from './render-runs.ts';
import { renderStatus } from './render-status.ts';
import { renderSyncs } from './render-syncs.ts';
import { terminalLine } from './terminal-text.ts';

/** A serving host's operations over the socket, or a host's own in this process: the CLI treats them alike. */
export type CliOperations = HostOperations | HostApi;
export type ReadOperations = Pick<
  CliOperations,
  'list' | 'syncs' | 'runs' | 'config' | 'status' | 'notifications' | 'alerts'
>;
export type StoreOperations = Pick<CliOperations, 'pause' | 'resume' | 'mute' | 'unmute' | 'configSet'>;

export interface RunContext {
  json: boolean;
  output: Output;
  now: () => number;
}

export async function runReadCommand(
  command: ReadCommand,
  operations: ReadOperations,
  context: RunContext,
): Promise<number> {
  const { json, output } = context;
  switch (command.name) {
    case 'list': {
      const apps = await operations.list();
      if (json) printJson(output, apps);
      else output.out(renderApps(apps));
      return EXIT_OK;
    }
    case 'syncs': {
      const syncs = await operations.syncs(command.app === undefined ? {} : { app: command.app });
      if (json) printJson(output, syncs);
      else output.out(renderSyncs(syncs, context.now()));
      return EXIT_OK;
    }
    case 'runs': {
      const { name: _, follow: __, ...query } = command;
      const runs = await operations.runs(query);
      if (json) printJson(output, runs);
      else output.out(renderRuns(runs, context.now()));
      return EXIT_OK;
    }
    case 'config-get': {
      const entries = await operations.config();
      const shown =
        command.key === undefined ? entries : entries.filter((entry) => entry.key === command.key);
      if (json) printJson(output, command.key === undefined ? shown : shown[0]);
      else if (command.key === undefined) output.out(renderConfig(shown));
      else output.out(terminalLine`${shown[0]?.value ?? ''}\n`);
      return EXIT_OK;
    }
    case 'status': {
      const status = await operations.status();
      if (json) printJson(output, status);
      else output.out(renderStatus(status, context.now()));
      return EXIT_OK;
    }
    case 'notifications': {
      const { name: _, ...query } = command;
      const notifications = await operations.notifications(query);
      if (json) printJson(output, notifications);
      else output.out(renderNotifications(notifications, context.now()));
      return EXIT_OK;
    }
    case 'alerts': {
      const alerts = await operations.alerts();
      if (json) printJson(output, alerts);
      else output.out(renderAlerts(alerts, context.now()));
      return EXIT_OK;
    }
  }
}

export async function runStoreCommand(
  command: StoreCommand,
  operations: StoreOperations,
  context: RunContext,
): Promise<number> {
  const { json, output } = context;
  switch (command.name) {
    case 'pause':
    case 'resume': {
      const app = await (command.name === 'pause'
        ? operations.pause({ app: command.app })
        : operations.resume({ app: command.app }));
      if (json) printJson(output, app);
      else output.out(terminalLine`${app.name} (${app.id}) is ${app.paused ? 'paused' : 'firing again'}.\n`);
      return EXIT_OK;
    }
    case 'mute':
    case 'unmute': {
      const app = await (command.name === 'mute'
        ? operations.mute({ app: command.app })
        : operations.unmute({ app: command.app }));
      if (json) printJson(output, app);
      else
        output.out(
          terminalLine`${app.name} (${app.id}): notifications ${app.notificationsMuted ? 'muted (recorded, not shown)' : 'shown'}.\n`,
        );
      return EXIT_OK;
    }
    case 'config-set': {
      const entry = await operations.configSet({ key: command.key, value: command.value });
      if (json) printJson(output, entry);
      else output.out(terminalLine`${entry.key} = ${entry.value}\n`);
      return EXIT_OK;
    }
  }
}

export async function runBrowserCommand(
  command: BrowserCommand,
  operations: CliOperations,
  context: RunContext,
): Promise<number> {
  const { json, output } = context;
  switch (command.name) {
    case 'install': {
      const app = await operations.install(
        { url: command.url },
        { onProgress: (progress) => output.err(progressLine(progress)) },
      );
      if (json) printJson(output, app);
      else if (app.updated) output.out(terminalLine`Updated ${app.name} (${app.id}) from ${app.origin}.\n`);
      else output.out(terminalLine`Installed ${app.name} (${app.id}) from ${app.origin}.\n`);
      return EXIT_OK;
    }
    case 'uninstall': {
      const app = await operations.uninstall({ app: command.app });
      if (json) printJson(output, app);
      else output.out(terminalLine`Uninstalled ${app.name} (${app.id}).\n`);
      return EXIT_OK;
    }
    case 'open': {
      const { name: _, ...where } = command;
      const page = await operations.open(where);
      if (json) printJson(output, page);
      else output.out(terminalLine`Opened ${page.url} (page ${page.id}).\n`);
      return EXIT_OK;
    }
    case 'run': {
      const run = await operations.run({ app: command.app, tag: command.tag });
      if (json) printJson(output, run);
      else output.out(runSummary(run));
      // A sync event that ran but failed is still a failure for a script checking `pwa-host run`.
      return run.outcome === 'success' ? EXIT_OK : EXIT_FAILED;
    }
  }
}

function progressLine(progress: InstallProgress): string {
  return progress.detail === undefined
    ? terminalLine`${progress.step}\n`
    : terminalLine`${progress.step}: ${progress.detail}\n`;
}

function runSummary(run: RunSummary): string {
  const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
  const error = run.error === null ? '' : `: ${run.error}`;
  return terminalLine`${run.tag} (${run.appName ?? run.appId}): ${run.outcome ?? 'running'}${took}${error}\n`;
}
