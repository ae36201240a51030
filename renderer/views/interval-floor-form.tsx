import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord } from '../../app/host/host-operations.ts';
import { errorMessage } from '../error-message.ts';
import { interval } from '../format.ts';

/** The app's own interval floor, or the host's: shown, changed, and its bad values refused inline. */
export function IntervalFloorForm({
  api,
  app,
  hostFloor,
}: {
  api: HostApi;
  app: AppRecord;
  hostFloor: string | undefined;
}) {
  const own = app.intervalFloorMs === null ? '' : interval(app.intervalFloorMs).replace(' ', '');
  const [value, setValue] = useState(own);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(own), [own]);

  const apply = async (floor: string | null) => {
    setBusy(true);
    try {
      await api.setIntervalFloor({ app: app.id, floor });
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    void apply(value.trim() === '' ? null : value.trim());
  };
  return (
    <form class="floor-form" onSubmit={save} noValidate>
      <label for="app-floor">Interval floor</label>
      <p id="app-floor-description" class="hint">
        {app.intervalFloorMs === null
          ? `The host's: ${hostFloor ?? 'its setting'}. Type a duration (30m, 1h) to give this app its own.`
          : `This app's own (the host's is ${hostFloor ?? 'its setting'}). No task of this app runs more often.`}
      </p>
      <div class="field-row">
        <input
          id="app-floor"
          type="text"
          value={value}
          placeholder={hostFloor ?? ''}
          spellcheck={false}
          aria-invalid={error === null ? undefined : 'true'}
          aria-describedby={
            error === null ? 'app-floor-description' : 'app-floor-description app-floor-error'
          }
          onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy || value.trim() === own}>
          Save<span class="visually-hidden"> interval floor</span>
        </button>
        {app.intervalFloorMs !== null && (
          <button type="button" disabled={busy} onClick={() => void apply(null)}>
            Use the host's
          </button>
        )}
      </div>
      {error !== null && (
        <p id="app-floor-error" class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
