import { useEffect, useRef } from 'preact/hooks';
import type { HostApi } from '../app/host/host-api.ts';
import { useHostData, useNow } from './host-data.ts';
import { type Route, routeHref, useRoute } from './route.ts';
import { AppView } from './views/app-view.tsx';
import { AppsView } from './views/apps-view.tsx';
import { HostView } from './views/host-view.tsx';

export function App({ api }: { api: HostApi }) {
  const data = useHostData(api);
  const now = useNow();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);

  // A new screen moves the focus to its heading, so keyboard and screen reader users start there; an install
  // asked for from outside starts at its address, which the person checks before choosing Install.
  const routeKey = route.screen === 'app' ? route.appId : route.screen === 'install' ? route.url : '';
  useEffect(() => {
    const target = route.screen === 'install' ? '#install-url' : 'h1';
    main.current?.querySelector<HTMLElement>(target)?.focus();
  }, [route.screen, routeKey, data.loaded]);

  const online = data.status?.online;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <span class="brand">PWA Host</span>
        <nav aria-label="Sections">
          <ul>
            <NavLink route={{ screen: 'apps' }} current={route.screen !== 'host'} label="Apps" />
            <NavLink route={{ screen: 'host' }} current={route.screen === 'host'} label="Host" />
          </ul>
        </nav>
        {online !== undefined && (
          <span class={`pill ${online ? 'pill-ok' : 'pill-warn'}`} role="status">
            {online ? 'Online' : 'Offline'}
          </span>
        )}
      </header>
      <main id="main" class="page" ref={main}>
        {data.problem !== null && (
          <p class="banner banner-error" role="alert">
            The host did not answer: {data.problem}
          </p>
        )}
        {!data.loaded ? (
          <p aria-live="polite">Loading…</p>
        ) : route.screen === 'host' ? (
          <HostView api={api} data={data} now={now} />
        ) : route.screen === 'app' ? (
          <AppView api={api} data={data} now={now} appId={route.appId} />
        ) : (
          <AppsView
            api={api}
            data={data}
            now={now}
            installUrl={route.screen === 'install' ? route.url : undefined}
          />
        )}
      </main>
    </>
  );
}

function NavLink({ route, current, label }: { route: Route; current: boolean; label: string }) {
  return (
    <li>
      <a href={routeHref(route)} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}
