import type { HostApi, HostOperations } from '../../host/host-api.ts';
import type { BrowserCommand, ReadCommand, StoreCommand } from './command.ts';
import type { Output } from './output.ts';

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

// Each command's code is imported when that command runs, never before: a command pays for loading its
// own module (and its renderer) only. A new command gets a module in commands/ and a case here.

export async function runReadCommand(
  command: ReadCommand,
  operations: ReadOperations,
  context: RunContext,
): Promise<number> {
  switch (command.name) {
    case 'list':
      return (await import('./commands/list.ts')).runList(command, operations, context);
    case 'syncs':
      return (await import('./commands/syncs.ts')).runSyncs(command, operations, context);
    case 'runs':
      return (await import('./commands/runs.ts')).runRuns(command, operations, context);
    case 'config-get':
      return (await import('./commands/config-get.ts')).runConfigGet(command, operations, context);
    case 'status':
      return (await import('./commands/status.ts')).runStatus(command, operations, context);
    case 'notifications':
      return (await import('./commands/notifications.ts')).runNotifications(command, operations, context);
    case 'alerts':
      return (await import('./commands/alerts.ts')).runAlerts(command, operations, context);
  }
}

export async function runStoreCommand(
  command: StoreCommand,
  operations: StoreOperations,
  context: RunContext,
): Promise<number> {
  switch (command.name) {
    case 'pause':
    case 'resume':
      return (await import('./commands/pause-resume.ts')).runPauseResume(command, operations, context);
    case 'mute':
    case 'unmute':
      return (await import('./commands/mute-unmute.ts')).runMuteUnmute(command, operations, context);
    case 'config-set':
      return (await import('./commands/config-set.ts')).runConfigSet(command, operations, context);
  }
}

export async function runBrowserCommand(
  command: BrowserCommand,
  operations: CliOperations,
  context: RunContext,
): Promise<number> {
  switch (command.name) {
    case 'install':
      return (await import('./commands/install.ts')).runInstall(command, operations, context);
    case 'uninstall':
      return (await import('./commands/uninstall.ts')).runUninstall(command, operations, context);
    case 'open':
      return (await import('./commands/open.ts')).runOpen(command, operations, context);
    case 'run':
      return (await import('./commands/run.ts')).runRun(command, operations, context);
  }
}
