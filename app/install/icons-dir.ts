import { join } from 'node:path';

/** Every installed app has a folder here named by its id (empty if none of its icons could be saved). */
export const ICONS_DIR = 'icons';

export function iconsDir(dataDir: string, appId: string): string {
  return join(dataDir, ICONS_DIR, appId);
}
