import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, FailureAlert, SyncSummary } from '../../app/host/host-operations.ts';
import { AppIcon } from '../components/app-icon.tsx';
import { AlertMark, BadgeCount } from '../components/app-marks.tsx';
import { MuteButton, NotificationsState } from '../components/mute-button.tsx';
import { OutcomeBadge } from '../components/outcome.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { relativeTime } from '../format.ts';
import type { HostData } from '../host-data.ts';
import { routeHref } from '../route.ts';
import { InstallForm } from './install-form.tsx';
import { UninstallDialog } from './uninstall-dialog.tsx';

interface AppsViewProps {
  api: HostApi;
  data: HostData;
  now: number;
  /** An install asked for from outside (`--install URL`): the form shows it, a person confirms. */
  installUrl?: string | undefined;
}

/** Every installed app with its background work at a glance, and installing and uninstalling. */
export function AppsView({ api, data, now, installUrl }: AppsViewProps) {
  const [uninstalling, setUninstalling] = useState<AppRecord | null>(null);
  return (
    <>
      <h1 tabIndex={-1}>Apps</h1>
      {/* A new URL from outside starts a fresh form, whatever was typed before. */}
      <InstallForm key={installUrl ?? ''} api={api} initialUrl={installUrl} />
      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">Installed apps</h2>
        {data.apps.length === 0 ? (
          <div class="empty">
            <p>
              <strong>No apps installed yet.</strong>
            </p>
            <p>
              Type the address of a Progressive Web App above and choose Install. Once installed, the app can
              register periodic background tasks, and the host runs them on schedule, even with no window
              open.
            </p>
          </div>
        ) : (
          <ScrollRegion label="Table of installed apps">
            <table class="apps-table">
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">Origin</th>
                  <th scope="col">State</th>
                  <th scope="col">Tasks</th>
                  <th scope="col">Next due</th>
                  <th scope="col">Last outcome</th>
                  <th scope="col">Notifications</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.apps.map((app) => (
                  <AppRow
                    key={app.id}
                    api={api}
                    app={app}
                    syncs={data.syncs.filter((sync) => sync.appId === app.id)}
                    alerts={data.alerts.filter((alert) => alert.appId === app.id)}
                    now={now}
                    onUninstall={() => setUninstalling(app)}
                  />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
      {uninstalling && (
        <UninstallDialog
          api={api}
          app={uninstalling}
          registrations={
            data.syncs.filter((sync) => sync.appId === uninstalling.id && sync.kind === 'periodic').length
          }
          pendingSyncs={
            data.syncs.filter((sync) => sync.appId === uninstalling.id && sync.kind === 'one-off').length
          }
          onClose={() => setUninstalling(null)}
        />
      )}
    </>
  );
}

function AppRow(props: {
  api: HostApi;
  app: AppRecord;
  syncs: SyncSummary[];
  alerts: FailureAlert[];
  now: number;
  onUninstall(): void;
}) {
  const { app, syncs, now } = props;
  const row = useRef<HTMLTableRowElement>(null);
  // An app that goes (uninstalled here or elsewhere) must not take the keyboard focus with it.
  useEffect(() => {
    const element = row.current;
    return () => {
      const focused = document.activeElement;
      if (focused === null || focused === document.body || element?.contains(focused)) {
        setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus());
      }
    };
  }, []);
  const next = syncs.reduce<SyncSummary | undefined>(
    (first, sync) => (first === undefined || sync.nextDueAt < first.nextDueAt ? sync : first),
    undefined,
  );
  const last = syncs
    .filter((sync) => sync.lastCompletedAt !== null)
    .reduce<SyncSummary | undefined>(
      (latest, sync) =>
        latest === undefined || (sync.lastCompletedAt ?? 0) > (latest.lastCompletedAt ?? 0) ? sync : latest,
      undefined,
    );
  return (
    <tr ref={row}>
      <th scope="row">
        <span class="app-cell">
          <AppIcon api={props.api} app={app} />
          <a href={routeHref({ screen: 'app', appId: app.id })}>{app.name}</a>
          <BadgeCount badge={app.badge} />
          <AlertMark alerts={props.alerts} />
        </span>
      </th>
      <td class="origin">{app.origin}</td>
      <td>
        {app.paused ? (
          <span class="badge badge-paused">Paused</span>
        ) : (
          <span class="badge badge-active">Active</span>
        )}
      </td>
      <td>{syncs.length}</td>
      <td>
        {next === undefined
          ? '—'
          : app.paused
            ? 'paused'
            : next.firing
              ? 'running now'
              : relativeTime(next.nextDueAt, now)}
      </td>
      <td>{last ? <OutcomeBadge outcome={last.lastOutcome} /> : '—'}</td>
      <td>
        <span class="notifications-cell">
          <NotificationsState app={app} />
          <MuteButton api={props.api} app={app} compact />
        </span>
      </td>
      <td>
        <button
          type="button"
          class="danger-quiet"
          onClick={props.onUninstall}
          aria-label={`Uninstall ${app.name}`}
        >
          Uninstall
        </button>
      </td>
    </tr>
  );
}
