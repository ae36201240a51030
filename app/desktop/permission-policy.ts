import { isHostPageUrl } from './host-pages.ts';
import { isInScope } from './navigation-policy.ts';

/**
 * What an installed app's pages may have without asking: what a PWA in a window needs to behave like one
 * (notifications, its own storage kept, fullscreen, writing to the clipboard, its sync APIs). Everything
 * else — camera, microphone, location, devices, reading the clipboard, screen capture, opening programs —
 * is denied: the host has no prompt to ask the person, and denying is the safe answer.
 */
export const APP_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'persistent-storage',
  'fullscreen',
  'clipboard-sanitized-write',
  'periodic-background-sync',
  'background-sync',
]);

/** The host's own pages (pwa-host://) need only to copy text. */
export const HOST_PAGE_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface PermissionRequest {
  permission: string;
  /** The URL of the frame that asks (Electron's `requestingUrl`, or the checking origin). */
  requestingUrl: string;
}

/** Installed app scopes (for the apps session) — the only pages that get anything. */
export function decideAppPermission(request: PermissionRequest, scopes: readonly string[]): boolean {
  if (!APP_PERMISSIONS.has(request.permission)) return false;
  return scopes.some((scope) => isInScope(request.requestingUrl, scope));
}

/** The host UI's session: its own pages get the little they need, anything else nothing. */
export function decideHostPagePermission(request: PermissionRequest): boolean {
  return HOST_PAGE_PERMISSIONS.has(request.permission) && isHostPageUrl(request.requestingUrl);
}
