import { useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord } from '../../app/host/host-operations.ts';
import { errorMessage } from '../error-message.ts';

/**
 * Mutes or unmutes an app's notifications (a muted app's are recorded, not shown). The button says what it
 * does; the state it changes shows beside it and follows the host's events, whoever changed it.
 */
export function MuteButton({
  api,
  app,
  compact = false,
}: {
  api: HostApi;
  app: AppRecord;
  compact?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verb = app.notificationsMuted ? 'Unmute' : 'Mute';
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await (app.notificationsMuted ? api.unmute({ app: app.id }) : api.mute({ app: app.id }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="mute-control">
      <button
        type="button"
        onClick={toggle}
        disabled={busy}
        aria-label={compact ? `${verb} notifications from ${app.name}` : undefined}
      >
        {compact ? verb : `${verb} notifications`}
      </button>
      {error !== null && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Whether the app's notifications are shown, in words. */
export function NotificationsState({ app }: { app: AppRecord }) {
  return app.notificationsMuted ? (
    <span class="badge badge-muted">Muted</span>
  ) : (
    <span class="badge badge-active">On</span>
  );
}
