import { useEffect, useState } from 'preact/hooks';

/** Which screen shows, kept in the URL's fragment so Back and Forward work and links are plain links. */
export type Route = { screen: 'apps' } | { screen: 'app'; appId: string } | { screen: 'host' };

export function parseRoute(hash: string): Route {
  const [, screen, id] = hash.split('/');
  if (screen === 'host') return { screen: 'host' };
  if (screen === 'app' && id) return { screen: 'app', appId: decodeURIComponent(id) };
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
