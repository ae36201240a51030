/**
 * Every host API operation by name, without its argument schemas. A client builds its methods from this
 * list, so it never loads zod (most of the CLI's start-up time when it did); HOST_API in host-api.ts must
 * define exactly these operations, which the compiler checks.
 */
export const OPERATION_NAMES = [
  'install',
  'uninstall',
  'list',
  'icon',
  'open',
  'closePage',
  'showApp',
  'syncs',
  'runs',
  'run',
  'pause',
  'setIntervalFloor',
  'resume',
  'config',
  'configSet',
  'status',
  'mute',
  'unmute',
  'notifications',
  'alerts',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];
