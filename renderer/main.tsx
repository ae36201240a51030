import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import type { HostApi } from '../app/host/host-api.ts';
import { App } from './app.tsx';

/** The host API, injected by the page's environment: Electron's preload, or `pwa-host ui`'s bridge. */
const api = (window as unknown as { pwaHost?: HostApi }).pwaHost;
const root = document.getElementById('root') as HTMLElement;

if (api === undefined) {
  render(
    <main class="page">
      <h1>PWA Host</h1>
      <p role="alert">
        This page is PWA Host's management window and needs the host to talk to. Open it with{' '}
        <code>pwa-host ui</code> or from the PWA Host tray icon.
      </p>
    </main>,
    root,
  );
} else {
  render(<App api={api} />, root);
}
