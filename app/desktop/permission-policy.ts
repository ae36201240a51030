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
  /**
   * The document that asks (Electron's `requestingUrl`). Absent when no document asks — a service worker
   * checking a permission — and then only `origin` is known.
   */
  requestingUrl?: string | undefined;
  /** Electron's `requestingOrigin`, for checks that carry no document URL. */
  origin?: string | undefined;
}

/**
 * The apps session: a document inside an installed app's scope, or (for a worker's check, which carries
 * only an origin) an installed app's origin, gets what an installed app needs; everything else nothing.
 */
export function decideAppPermission(request: PermissionRequest, scopes: readonly string[]): boolean {
  if (!APP_PERMISSIONS.has(request.permission)) return false;
  const { requestingUrl, origin } = request;
  if (requestingUrl !== undefined) return scopes.some((scope) => isInScope(requestingUrl, scope));
  if (origin === undefined) return false;
  const asked = URL.parse(origin)?.origin;
  return asked !== undefined && scopes.some((scope) => URL.parse(scope)?.origin === asked);
}

/** The host UI's session: its own pages get the little they need, anything else nothing. */
export function decideHostPagePermission(request: PermissionRequest): boolean {
  const url = request.requestingUrl ?? request.origin;
  return HOST_PAGE_PERMISSIONS.has(request.permission) && url !== undefined && isHostPageUrl(url);
}
