import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, RunSummary } from '../../app/host/host-operations.ts';
import { AppIcon } from '../components/app-icon.tsx';
import { AlertMark, BadgeCount } from '../components/app-marks.tsx';
import { MuteButton, NotificationsState } from '../components/mute-button.tsx';
import { errorMessage } from '../error-message.ts';
import type { HostData } from '../host-data.ts';
import { routeHref } from '../route.ts';
import { FailingTasks } from './failing-tasks.tsx';
import { IntervalFloorForm } from './interval-floor-form.tsx';
import { OneOffSyncsTable } from './one-off-syncs-table.tsx';
import { RecentNotifications } from './recent-notifications.tsx';
import { RegistrationsTable } from './registrations-table.tsx';
import { RunHistory } from './run-history.tsx';

/** How many runs the app screen reads for its history and chart. */
export const RUNS_SHOWN = 500;

interface AppViewProps {
  api: HostApi;
  data: HostData;
  now: number;
  appId: string;
}

/** One app: its registrations, running one now, pausing, and what ran. */
export function AppView({ api, data, now, appId }: AppViewProps) {
  const app = data.apps.find((candidate) => candidate.id === appId);
  const runs = useRuns(api, appId, data.runsVersion, app !== undefined);
  if (app === undefined) {
    return (
      <>
        <h1 tabIndex={-1}>App not found</h1>
        <p class="empty">
          This app is not installed (any more). <a href={routeHref({ screen: 'apps' })}>Back to the apps</a>
        </p>
      </>
    );
  }
  const syncs = data.syncs.filter((sync) => sync.appId === app.id);
  const hostFloor = data.config.find((entry) => entry.key === 'interval-floor')?.value;
  const alerts = data.alerts.filter((alert) => alert.appId === app.id);
  return (
    <>
      <p class="breadcrumb">
        <a href={routeHref({ screen: 'apps' })}>Apps</a> <span aria-hidden="true">›</span>
      </p>
      <div class="app-heading">
        <AppIcon api={api} app={app} size={48} />
        <div>
          <h1 tabIndex={-1}>{app.name}</h1>
          <p class="origin">{app.origin}</p>
        </div>
        <span class="app-marks">
          <BadgeCount badge={app.badge} />
          <AlertMark alerts={alerts} />
        </span>
        <div class="app-toggles">
          {data.status?.showsWindows === true && <OpenWindowButton api={api} app={app} />}
          <MuteButton api={api} app={app} />
          <PauseToggle api={api} app={app} />
        </div>
      </div>
      <FailingTasks alerts={alerts} />
      <dl class="facts">
        <div>
          <dt>State</dt>
          <dd>
            {app.paused ? (
              <span class="badge badge-paused">Paused</span>
            ) : (
              <span class="badge badge-active">Active</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Notifications</dt>
          <dd>
            <NotificationsState app={app} />
          </dd>
        </div>
        <div>
          <dt>Badge</dt>
          <dd>{app.badge === null ? 'None' : app.badge === 'flag' ? 'Set (no number)' : app.badge}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd class="origin">{app.scope}</dd>
        </div>
      </dl>
      <IntervalFloorForm api={api} app={app} hostFloor={hostFloor} />
      <RegistrationsTable
        api={api}
        app={app}
        syncs={syncs.filter((sync) => sync.kind === 'periodic')}
        now={now}
      />
      <OneOffSyncsTable
        api={api}
        app={app}
        syncs={syncs.filter((sync) => sync.kind === 'one-off')}
        online={data.status?.online !== false}
        now={now}
      />
      <RunHistory runs={runs.list} problem={runs.problem} tags={syncs.map((sync) => sync.tag)} />
      <RecentNotifications api={api} appId={app.id} version={data.notificationsVersion} />
    </>
  );
}

function PauseToggle({ api, app }: { api: HostApi; app: AppRecord }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await (app.paused ? api.resume({ app: app.id }) : api.pause({ app: app.id }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pause-toggle">
      <button type="button" onClick={toggle} disabled={busy} aria-pressed={app.paused ? 'true' : 'false'}>
        {app.paused ? 'Resume background tasks' : 'Pause background tasks'}
      </button>
      {error !== null && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Opens the app's own window (or brings it to the front): only a host with windows offers it. */
function OpenWindowButton({ api, app }: { api: HostApi; app: AppRecord }) {
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    try {
      await api.showApp({ app: app.id });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <div>
      <button type="button" onClick={open}>
        Open {app.name}
      </button>
      {error !== null && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The app's runs, read again whenever a run starts or finishes anywhere. */
function useRuns(api: HostApi, appId: string, version: number, installed: boolean) {
  const [runs, setRuns] = useState<{ list: RunSummary[]; problem: string | null }>({
    list: [],
    problem: null,
  });
  useEffect(() => {
    if (!installed) return;
    let current = true;
    api.runs({ app: appId, limit: RUNS_SHOWN }).then(
      (list) => current && setRuns({ list, problem: null }),
      (error: unknown) => current && setRuns((previous) => ({ ...previous, problem: errorMessage(error) })),
    );
    return () => {
      current = false;
    };
  }, [api, appId, version, installed]);
  return runs;
}
