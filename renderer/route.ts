import { useEffect, useState } from 'preact/hooks';
import { UI_INSTALL_ROUTE, uiInstallFragment } from '../app/host/ui-page.ts';

/**
 * Which screen shows, kept in the URL's fragment so Back and Forward work and links are plain links.
 * `install` is the apps screen with the install form prefilled (`--install URL`); it never installs by
 * itself.
 */
export type Route =
  | { screen: 'apps' }
  | { screen: 'app'; appId: string }
  | { screen: 'install'; url: string }
  | { screen: 'host' };

/** A fragment typed or pasted by hand may hold a malformed %-escape: that is no route, not a crash. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  if (hash.startsWith(UI_INSTALL_ROUTE)) {
    // Everything after the prefix, so an unencoded URL (with its own slashes) still arrives whole.
    const url = decoded(hash.slice(UI_INSTALL_ROUTE.length));
    return url ? { screen: 'install', url } : { screen: 'apps' };
  }
  const [, screen, id] = hash.split('/');
  if (screen === 'host') return { screen: 'host' };
  const appId = screen === 'app' && id ? decoded(id) : null;
  if (appId) return { screen: 'app', appId };
  return { screen: 'apps' };
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'apps':
      return '#/apps';
    case 'host':
      return '#/host';
    case 'app':
      return `#/app/${encodeURIComponent(route.appId)}`;
    case 'install':
      return uiInstallFragment(route.url);
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
