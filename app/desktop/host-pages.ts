import { extname, join, normalize, sep } from 'node:path';
import {
  isUiPageUrl,
  UI_CONTENT_SECURITY_POLICY,
  UI_PAGE_ORIGIN,
  uiInstallFragment,
} from '../host/ui-page.ts';

/**
 * The host's own pages load from `pwa-host://<host>/<path>` (a privileged standard scheme on the host UI's
 * session) rather than file://, so they get an origin of their own, a strict CSP, and no reach into the
 * file system.
 */
export const HOST_SCHEME = 'pwa-host';

/** The folder each `pwa-host://<host>/` serves, relative to the app's root. */
export const HOST_PAGE_ROOTS: Readonly<Record<string, string>> = { ui: join('dist', 'renderer') };

export const MANAGER_URL = `${UI_PAGE_ORIGIN}/index.html`;

/**
 * The management UI, or its install flow for a URL (`--install URL`): the UI keeps its screen in the URL's
 * fragment (`#/apps`, `#/app/<id>`), so the install flow is `#/install/<encoded URL>`.
 */
export function managerUrl(installUrl?: string): string {
  return installUrl === undefined ? MANAGER_URL : `${MANAGER_URL}${uiInstallFragment(installUrl)}`;
}

/**
 * The CSP every `pwa-host://` response carries as a header: the UI's own (which its build also writes into
 * the page), plus no framing by anything.
 */
export const HOST_PAGE_CSP = `${UI_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** A URL of the host's own pages (only the management UI today). */
export const isHostPageUrl = isUiPageUrl;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export type HostPageFile = { kind: 'file'; path: string; contentType: string } | { kind: 'not-found' };

/**
 * The file a `pwa-host://` request maps to, under `appRoot`: only hosts in HOST_PAGE_ROOTS, only known
 * file types, never outside the host's folder (`..`, encoded or not, and absolute paths are refused).
 */
export function resolveHostPage(url: string, appRoot: string): HostPageFile {
  const parsed = URL.parse(url);
  if (parsed === null || parsed.protocol !== `${HOST_SCHEME}:`) return { kind: 'not-found' };
  const root = Object.hasOwn(HOST_PAGE_ROOTS, parsed.host) ? HOST_PAGE_ROOTS[parsed.host] : undefined;
  if (root === undefined) return { kind: 'not-found' };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'not-found' };
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  if (relative.includes('\0') || relative.includes('\\')) return { kind: 'not-found' };
  const folder = join(appRoot, root);
  const path = normalize(join(folder, relative));
  if (!path.startsWith(folder + sep)) return { kind: 'not-found' };
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return { kind: 'not-found' };
  return { kind: 'file', path, contentType };
}
