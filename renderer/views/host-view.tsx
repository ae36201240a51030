import { useEffect, useState } from 'preact/hooks';
import type { EngineState } from '../../app/engine/engine-port.ts';
import type { HostApi } from '../../app/host/host-api.ts';
import type { ConfigEntry, NotificationService } from '../../app/host/host-operations.ts';
import { errorMessage } from '../error-message.ts';
import { relativeTime } from '../format.ts';
import type { HostData } from '../host-data.ts';

function browserState(state: EngineState | null): string {
  if (state === null) return 'not running (no host serves this data folder)';
  switch (state.status) {
    case 'running':
      return 'running';
    case 'starting':
      return 'starting';
    case 'stopped':
      return 'stopped while idle (starts again before the next task)';
    case 'restarting':
      return `restarting (attempt ${state.attempt}: ${state.reason})`;
    case 'failed':
      return `failed: ${state.reason}`;
  }
}

function notificationsInWords(service: NotificationService): string {
  if (service.available === null) return 'asking the notification service';
  if (service.available) return `shown (${service.display} notifications)`;
  return `cannot be shown: ${service.reason}. They are recorded.`;
}

/** The host itself: connectivity, its browser, the OS wake-up, and every setting. */
export function HostView({ api, data, now }: { api: HostApi; data: HostData; now: number }) {
  const status = data.status;
  return (
    <>
      <h1 tabIndex={-1}>Host</h1>
      {status?.storeProblem && (
        <p class="banner banner-error" role="alert">
          The host cannot write its data ({status.storeProblem.code}): nothing runs until it can.{' '}
          {status.storeProblem.message}
        </p>
      )}
      {status?.missingWorkers.map((missing) => (
        <p class="banner banner-error" role="status" key={missing.scope}>
          {missing.appName}'s service worker is missing from the browser since{' '}
          {relativeTime(missing.since, now)}; its tasks are kept.{' '}
          {missing.restore === 'reloading'
            ? 'Loading its start page to register it again.'
            : `Not back: ${missing.error ?? 'its start page registered none'}.`}
        </p>
      ))}
      {status?.settingsAdjusted.map((adjustment) => (
        <p class="banner banner-error" role="status" key={adjustment.key}>
          {adjustment.message}
        </p>
      ))}
      <section class="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        {status === null ? (
          <p>Unknown.</p>
        ) : (
          <dl class="facts">
            <div>
              <dt>Network</dt>
              <dd>
                {status.online ? (
                  <span class="badge badge-success">Online</span>
                ) : (
                  <span class="badge badge-failed">Offline: tasks wait until the computer is online</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Host</dt>
              <dd>{status.running ? `serving (process ${status.pid}, ${status.engine})` : 'not running'}</dd>
            </div>
            <div>
              <dt>Browser</dt>
              <dd>
                {browserState(status.browser)}
                {status.browserBinary && ` (${status.browserBinary.kind}: ${status.browserBinary.path})`}
              </dd>
            </div>
            <div>
              <dt>Next task</dt>
              <dd>
                {status.nextDue === null || status.nextDueAt === null
                  ? 'none'
                  : `${status.nextDue.tag} (${status.nextDue.appName}${status.nextDue.kind === 'one-off' ? ', one-off sync' : ''}), ${relativeTime(status.nextDueAt, now)}`}
              </dd>
            </div>
            {status.notifications && (
              <div>
                <dt>Notifications</dt>
                <dd>{notificationsInWords(status.notifications)}</dd>
              </div>
            )}
            <div>
              <dt>OS wake-up</dt>
              <dd>
                {status.wakeUp ??
                  (status.running ? 'none while the host runs (it runs tasks itself)' : 'none')}
              </dd>
            </div>
            <div>
              <dt>Tasks running</dt>
              <dd>{status.eventsInFlight}</dd>
            </div>
            {status.developerMode && (
              <div>
                <dt>Mode</dt>
                <dd>developer mode (no interval floor)</dd>
              </div>
            )}
            <div>
              <dt>Data folder</dt>
              <dd class="origin">{status.dataDir}</dd>
            </div>
          </dl>
        )}
      </section>
      <section class="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <p class="hint">
          Durations take a unit: 30s, 15m, 3h, 1d. Each setting applies at once when you save it.
        </p>
        <div class="settings">
          {data.config.map((entry) => (
            <SettingField key={entry.key} api={api} entry={entry} />
          ))}
        </div>
      </section>
    </>
  );
}

const TOGGLES = new Set(['on', 'off']);

function SettingField({ api, entry }: { api: HostApi; entry: ConfigEntry }) {
  const [value, setValue] = useState(entry.value);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // A change from elsewhere (the CLI, another window) shows, unless the person is editing this field.
  useEffect(() => {
    setValue(entry.value);
  }, [entry.value]);
  const id = `setting-${entry.key}`;
  const toggle = TOGGLES.has(entry.default) && TOGGLES.has(entry.value);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    try {
      const stored = await api.configSet({ key: entry.key, value });
      setValue(stored.value);
      setError(null);
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const describedBy = [`${id}-description`, error === null ? '' : `${id}-error`].filter(Boolean).join(' ');
  return (
    <form class="setting" onSubmit={save} noValidate>
      <label for={id} class="setting-name">
        {entry.key}
      </label>
      <p id={`${id}-description`} class="hint">
        {entry.description} (default {entry.default})
      </p>
      <div class="field-row">
        {toggle ? (
          <select
            id={id}
            value={value}
            aria-describedby={describedBy}
            onChange={(event) => setValue((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        ) : (
          <input
            id={id}
            type="text"
            value={value}
            spellcheck={false}
            aria-invalid={error === null ? undefined : 'true'}
            aria-describedby={describedBy}
            onInput={(event) => {
              setValue((event.currentTarget as HTMLInputElement).value);
              setSaved(false);
            }}
          />
        )}
        <button type="submit" disabled={busy || value === entry.value}>
          Save<span class="visually-hidden"> {entry.key}</span>
        </button>
        <span class="saved" role="status">
          {saved && error === null ? 'Saved' : ''}
        </span>
      </div>
      {error !== null && (
        <p id={`${id}-error`} class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
